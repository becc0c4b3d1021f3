/**
 * The edges of the request surface: inputs refused before routing (by Node or Fastify), content
 * negotiation, strings no engine can store as text, numbers past what the server can page or date.
 * Every answer must be Intercom's error.list with a request id, identically on both engines, and
 * never a 5xx.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { operations, type OperationId } from '../src/generated/operations.js';
import { handlers } from '../src/handlers.js';
import { acceptsJson } from '../src/http/accept.js';
import { MAX_PAGE } from '../src/http/pagination.js';
import { assertCleanStrings } from '../src/http/strings.js';
import { dayBounds, MAX_DATE, MAX_DAYS_AGO, MIN_DATE } from '../src/search/dates.js';
import { parseQuery } from '../src/search/parse.js';
import { CONTACT_FIELDS } from '../src/resources/contacts/store-search.js';
import { ApiError } from '../src/errors.js';
import { firstError, testApi, type Response, type TestWorkspace } from './harness.js';
import { pathParamFixtures, sampleBodies, unique } from './fixtures/index.js';

const api = await testApi();
/** The app listens once, for the tests that need a real socket. */
let listening: Promise<string> | undefined;
const baseUrl = () => (listening ??= api.listen());

/** A 400 parameter_invalid naming `field` (in `field` or, failing that, in the message). */
function assertInvalid(res: Response, field: string) {
  assert.equal(res.status, 400, res.raw);
  const error = firstError(res);
  assert.equal(error.code, 'parameter_invalid', res.raw);
  assert.ok(error.field === field || error.message.includes(field), `the error names ${field}: ${res.raw}`);
}

/** The error.list envelope with a request id, also sent as X-Request-Id. */
function assertErrorList(res: Response) {
  firstError(res);
  assert.equal(res.headers['x-request-id'], res.body.request_id, 'X-Request-Id matches the body');
}

async function contact(ws: TestWorkspace, body: Record<string, unknown> = {}) {
  const res = await ws.call('POST', '/contacts', { body: { email: `${unique('c')}@example.com`, ...body } });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

describe('answers made before routing are error.lists', () => {
  test('a malformed percent-encoding in the path is 400 parameter_invalid', async () => {
    const ws = await api.newWorkspace();
    for (const path of ['/contacts/%E0%A4%A', '/contacts/%E0%A4%A/notes', '/tags/%ED%A0%80', '/notes/%']) {
      for (const res of [await ws.call('GET', path), await api.call('GET', path)]) {
        assert.equal(res.status, 400, `${path}: ${res.raw}`);
        assertErrorList(res);
        assert.equal(firstError(res).code, 'parameter_invalid');
        assert.match(firstError(res).message, /percent-encoding/);
      }
    }
  });

  test('a path parameter over the router limit (500 characters) is 404, like any id that names nothing', async () => {
    const ws = await api.newWorkspace();
    for (const path of [`/contacts/${'a'.repeat(501)}`, `/tags/${'9'.repeat(600)}`, `/contacts/${'f'.repeat(2000)}/notes`]) {
      const res = await ws.call('GET', path);
      assert.equal(res.status, 404, res.raw);
      assertErrorList(res);
      assert.deepEqual(firstError(res), { code: 'not_found', message: 'Resource Not Found' });
    }
    // 500 characters is still routed (and is simply an unknown id).
    assert.equal((await ws.call('GET', `/tags/${'9'.repeat(500)}`)).status, 404);
  });

  test('headers over Node\'s limit get 431 with an error.list body and a request id (real socket)', async () => {
    const base = await baseUrl();
    const res = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/me`, { headers: { 'x-padding': 'a'.repeat(20_000) } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(res.status, 431);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = JSON.parse(res.body);
    assert.equal(body.type, 'error.list');
    assert.equal(body.errors[0].code, 'request_too_large');
    assert.match(body.request_id, /^[0-9a-f-]{36}$/);
    assert.equal(res.headers['x-request-id'], body.request_id);
  });

  test('requests Node refuses itself (bad syntax, no Host, an unknown Expect) are error.lists too (real socket)', async () => {
    const base = new URL(await baseUrl());
    const exchange = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(base.port), base.hostname);
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => (answer += chunk));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
        socket.write(text);
      });
    const cases = [
      ['GET /me HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n', 400],
      ['GET /me HTTP/1.1\r\nConnection: close\r\n\r\n', 400],
      ['GET /me HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nConnection: close\r\n\r\n', 417],
    ] as const;
    for (const [text, status] of cases) {
      const answer = await exchange(text);
      const [head, body] = answer.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), answer);
      const parsed = JSON.parse(body);
      assert.equal(parsed.type, 'error.list', answer);
      assert.equal(typeof parsed.errors[0].code, 'string');
      assert.match(head, new RegExp(`x-request-id: ${parsed.request_id}`, 'i'), answer);
    }
  });
});

describe('Accept q-values', () => {
  test('q=0 refuses a type, and the most specific range decides (RFC 9110 §12.5.1)', async () => {
    const ws = await api.newWorkspace();
    const refused = ['application/json;q=0', 'application/xml, */*;q=0', 'application/json; q=0, */*', 'application/*;q=0, text/html', 'text/html;q=0.9, */*;q=0.0'];
    for (const accept of refused) {
      const res = await ws.call('GET', '/me', { headers: { accept } });
      assert.equal(res.status, 406, accept);
      assertErrorList(res);
    }
    const accepted = ['*/*;q=0, application/json', 'application/xml, */*;q=0.1', 'application/*;q=0, application/json;q=0.5', 'APPLICATION/JSON;Q=1', 'application/json;q=garbage', 'application/vnd.api+json'];
    for (const accept of accepted) assert.equal((await ws.call('GET', '/me', { headers: { accept } })).status, 200, accept);
    // No Accept header at all: JSON.
    const bare = await api.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${ws.token}` } });
    assert.equal(bare.statusCode, 200);
  });

  test('acceptsJson on its own', () => {
    for (const accept of [undefined, '', '*/*', 'application/json', 'text/html, application/json;q=0.001', 'application/json;charset=utf-8']) {
      assert.equal(acceptsJson(accept), true, String(accept));
    }
    for (const accept of ['text/html', 'application/json;q=0', 'application/json;q=0.000', 'application/*;q=0', 'image/*, */*;q=0']) {
      assert.equal(acceptsJson(accept), false, accept);
    }
  });
});

describe('NUL characters and lone surrogates are 400 on every engine', () => {
  test('POST /tags with a NUL in the name', async () => {
    const ws = await api.newWorkspace();
    assertInvalid(await ws.call('POST', '/tags', { body: { name: 'a\u0000b' } }), 'name');
    assertInvalid(await ws.call('POST', '/tags', { rawBody: '{"name":"\\ud800"}' }), 'name');
    assert.deepEqual((await ws.call('GET', '/tags')).body.data, [], 'nothing was created');
  });

  test('POST /data_attributes with a NUL in the description', async () => {
    const ws = await api.newWorkspace();
    const res = await ws.call('POST', '/data_attributes', { body: { name: 'plan', model: 'contact', data_type: 'string', description: 'x\u0000' } });
    assertInvalid(res, 'description');
  });

  test('POST /contacts/search with a NUL in a value (also nested in groups and lists)', async () => {
    const ws = await api.newWorkspace();
    assertInvalid(await ws.call('POST', '/contacts/search', { body: { query: { field: 'name', operator: '=', value: 'a\u0000b' } } }), 'query.value');
    const nested = { query: { operator: 'AND', value: [{ field: 'name', operator: 'IN', value: ['ok', 'a\u0000'] }] } };
    assertInvalid(await ws.call('POST', '/contacts/search', { body: nested }), 'query.value.0.value.1');
  });

  test('GET /contacts/%00/segments: a NUL in a path parameter', async () => {
    const ws = await api.newWorkspace();
    assertInvalid(await ws.call('GET', '/contacts/%00/segments'), 'contact_id');
    assertInvalid(await ws.call('GET', '/tags/1%002'), 'tag_id');
  });

  test('a NUL in a query string value', async () => {
    const ws = await api.newWorkspace();
    const res = await ws.call('GET', '/contacts?starting_after=a%00b');
    assertInvalid(res, 'starting_after');
    assert.match(firstError(res).message, /NUL/);
  });

  test('POST /contacts with custom attribute values or keys holding a NUL or a lone surrogate', async () => {
    const ws = await api.newWorkspace();
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'x', model: 'contact', data_type: 'string' } })).status, 200);
    assertInvalid(await ws.call('POST', '/contacts', { body: { email: 'a@example.com', custom_attributes: { x: 'a\u0000' } } }), 'custom_attributes.x');
    assertInvalid(await ws.call('POST', '/contacts', { rawBody: '{"email":"a@example.com","custom_attributes":{"x":"\\ud800"}}' }), 'custom_attributes.x');
    assertInvalid(await ws.call('POST', '/contacts', { rawBody: '{"email":"a@example.com","custom_attributes":{"x\\udfff":"ok"}}' }), 'custom_attributes');
    assert.equal((await ws.call('GET', '/contacts')).body.total_count, 0, 'nothing was created');
  });

  test('PUT /contacts/{id} with a lone surrogate as the name', async () => {
    const ws = await api.newWorkspace();
    const c = await contact(ws, { name: 'Before' });
    assertInvalid(await ws.call('PUT', `/contacts/${c.id}`, { rawBody: '{"name":"\\ud800"}' }), 'name');
    assertInvalid(await ws.call('PUT', `/contacts/${c.id}`, { rawBody: '{"name":"ok\\udc00"}' }), 'name');
    assert.equal((await ws.call('GET', `/contacts/${c.id}`)).body.name, 'Before');
  });

  test('valid non-ASCII text (accents, CJK, emoji as a surrogate pair) is still accepted and round-trips', async () => {
    const ws = await api.newWorkspace();
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'motto', model: 'contact', data_type: 'string', description: 'Été 😀' } })).status, 200);
    for (const text of ['Été', '日本', '😀', 'a\ud83d\ude00b']) {
      const tag = await ws.call('POST', '/tags', { body: { name: `${text} ${unique('t')}` } });
      assert.equal(tag.status, 200, tag.raw);
      assert.ok(tag.body.name.startsWith(text));
      const c = await contact(ws, { name: text, custom_attributes: { motto: text } });
      assert.equal(c.name, text);
      assert.equal(c.custom_attributes.motto, text);
      const found = await ws.call('POST', '/contacts/search', { body: { query: { field: 'custom_attributes.motto', operator: '=', value: text } } });
      assert.equal(found.status, 200, found.raw);
      assert.deepEqual(found.body.data.map((x: any) => x.id), [c.id]);
    }
    assert.equal((await ws.call('GET', `/tags/${encodeURIComponent('😀')}`)).status, 404);
  });

  test('assertCleanStrings names the path, keys included, and walks deep bodies without recursing', () => {
    const fieldOf = (part: 'body' | 'query' | 'params', value: unknown) => {
      try {
        assertCleanStrings(part, value);
        return undefined;
      } catch (error) {
        assert.ok(error instanceof ApiError && error.status === 400 && error.code === 'parameter_invalid');
        return error.field;
      }
    };
    assert.equal(fieldOf('body', { a: [{ b: 'ok' }, { c: ['x', 'y\u0000'] }] }), 'a.1.c.1');
    assert.equal(fieldOf('body', { a: { 'k\u0000': 1 } }), 'a');
    assert.equal(fieldOf('body', { '\ud800': 1 }), 'body');
    assert.equal(fieldOf('query', { page: 2, tags: ['a', '\udc00'] }), 'tags.1');
    assert.equal(fieldOf('body', 'top\u0000'), 'body');
    assert.equal(fieldOf('body', { ok: '😀 Été 日本', n: 1, t: true, z: null }), undefined);
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.equal(fieldOf('body', deep)?.split('.').length, 200_000);
  });
});

describe('page numbers past what the server pages', () => {
  test('GET /contacts/{id}/notes?page=99999999999999999999 is 400 naming page, not an OFFSET overflow', async () => {
    const ws = await api.newWorkspace();
    const c = await contact(ws);
    for (const page of ['99999999999999999999', '9007199254740993', '1e300', String(MAX_PAGE + 1)]) {
      assertInvalid(await ws.call('GET', `/contacts/${c.id}/notes?page=${page}`), 'page');
      assertInvalid(await ws.call('GET', `/contacts/${c.id}/companies?page=${page}`), 'page');
    }
    for (const perPage of ['99999999999999999999', '-1', '0']) assertInvalid(await ws.call('GET', `/contacts/${c.id}/notes?per_page=${perPage}`), 'per_page');
    // The last allowed page is an ordinary empty page.
    const last = await ws.call('GET', `/contacts/${c.id}/notes?page=${MAX_PAGE}&per_page=150`);
    assert.equal(last.status, 200, last.raw);
    assert.deepEqual(last.body.data, []);
  });
});

describe('search dates outside years 1 to 9999', () => {
  test('POST /contacts/search with created_at > 9007199254740991 is 400, not RangeError', async () => {
    const ws = await api.newWorkspace();
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'renewal', model: 'contact', data_type: 'date' } })).status, 200);
    for (const field of ['created_at', 'last_seen_at', 'custom_attributes.renewal']) {
      for (const value of [9007199254740991, -9007199254740991, MAX_DATE + 1, MIN_DATE - 1, '999999999999999']) {
        for (const operator of ['>', '<', '=']) {
          const res = await ws.call('POST', '/contacts/search', { body: { query: { field, operator, value } } });
          assertInvalid(res, field);
        }
      }
    }
  });

  test('the first and last representable dates are ordinary searches', async () => {
    const ws = await api.newWorkspace();
    const c = await contact(ws);
    const after = await ws.call('POST', '/contacts/search', { body: { query: { field: 'created_at', operator: '>', value: MIN_DATE } } });
    assert.deepEqual(after.body.data.map((x: any) => x.id), [c.id]);
    const before = await ws.call('POST', '/contacts/search', { body: { query: { field: 'created_at', operator: '<', value: MAX_DATE } } });
    assert.deepEqual(before.body.data.map((x: any) => x.id), [c.id]);
    const on = await ws.call('POST', '/contacts/search', { body: { query: { field: 'created_at', operator: '=', value: String(MAX_DATE) } } });
    assert.deepEqual(on.body.data, []);
  });

  test('relative dates (stored segment rules) are bounded the same way', () => {
    const resolve = (name: string) => CONTACT_FIELDS[name];
    const rule = (days_ago: number) => ({ field: 'last_seen_at', operator: '>', value: { days_ago } });
    assert.throws(() => parseQuery(rule(1e300), resolve, { allowRelativeDates: true }), (e: ApiError) => e.status === 400);
    assert.throws(() => parseQuery(rule(-(MAX_DAYS_AGO + 1)), resolve, { allowRelativeDates: true }), (e: ApiError) => e.status === 400);
    assert.doesNotThrow(() => parseQuery(rule(30), resolve, { allowRelativeDates: true }));
  });

  test('day bounds stay right at the ends of the range (years below 100, 1 BC west of UTC)', () => {
    for (const timezone of ['UTC', 'America/New_York', 'Pacific/Kiritimati']) {
      for (const t of [MIN_DATE, MIN_DATE + 40 * 86400, -59011459200 /* 0100-01-01 */, 0, MAX_DATE]) {
        const [start, next] = dayBounds(t, timezone);
        assert.ok(start <= t && t < next, `${timezone} ${t}: [${start}, ${next})`);
        assert.equal(next - start, 86400, `${timezone} ${t}`);
      }
    }
  });

  test('a float custom attribute compared with "1e999" (Infinity) is 400', async () => {
    const ws = await api.newWorkspace();
    assert.equal((await ws.call('POST', '/data_attributes', { body: { name: 'score', model: 'contact', data_type: 'float' } })).status, 200);
    assertInvalid(await ws.call('POST', '/contacts/search', { body: { query: { field: 'custom_attributes.score', operator: '>', value: '1e999' } } }), 'custom_attributes.score');
  });
});

describe('search filters without a value', () => {
  test('{"field":"external_id","operator":"!="} (what the official SDK sends) reads as value: null', async () => {
    const ws = await api.newWorkspace();
    const withId = await contact(ws, { external_id: unique('ext') });
    const withoutId = await contact(ws);
    const search = async (query: Record<string, unknown>) => ws.call('POST', '/contacts/search', { body: { query } });
    for (const [operator, expected] of [['!=', withId.id], ['=', withoutId.id]] as const) {
      const missing = await search({ field: 'external_id', operator });
      const explicit = await search({ field: 'external_id', operator, value: null });
      assert.equal(missing.status, 200, missing.raw);
      assert.deepEqual(missing.body.data.map((x: any) => x.id), [expected]);
      assert.deepEqual(missing.body.data, explicit.body.data);
    }
    // Where an explicit null is refused, so is a missing value, with the same answer.
    const missing = await search({ field: 'name', operator: '~' });
    const explicit = await search({ field: 'name', operator: '~', value: null });
    assert.equal(missing.status, 400);
    assert.deepEqual(firstError(missing), firstError(explicit));
  });
});

describe('absurd inputs to every implemented operation never give a 5xx', () => {
  // Non-ASCII text that is valid (accents, other scripts, emoji, letters whose case folding changes
  // their length) must be stored or refused cleanly on both engines, like everything else here.
  const absurd: unknown[] = [1e308, -1, 9007199254740993, 'x'.repeat(100_000), '😀\u0000', [{}], { a: [[{}]] },
    'Émile İstanbul ΣΑΣ straße 日本 😀', 'É'.repeat(300), 'émile@exämple.com'];
  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  for (const op of Object.values(operations).filter((o) => handlers[o.id as OperationId])) {
    test(`${op.id}`, async () => {
      const ws = await api.newWorkspace();
      const values: Record<string, string> = {};
      for (const p of op.pathParams) values[p.name] = await pathParamFixtures[p.name](ws);
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name) => values[name]);
      const sample = (op.body ? ((await sampleBodies[op.id]?.(ws)) ?? {}) : undefined) as Record<string, unknown> | undefined;
      // ws.call throws on any 5xx other than 501.
      for (const name of [...op.queryParams.map((q) => q.name), 'unknown']) {
        for (const value of ['99999999999999999999', '-99999999999999999999', '-1', '1e308', 'NaN', 'x'.repeat(5000), '%F0%9F%98%80']) {
          await ws.call(op.method, `${path}?${name}=${value}`, { body: sample });
        }
      }
      for (const p of op.pathParams) {
        for (const value of ['-1', '99999999999999999999999', 'x'.repeat(500), '%F0%9F%98%80', '%20']) {
          await ws.call(op.method, op.path.replace(/\{([^}]+)\}/g, (_, name) => (name === p.name ? value : values[name])), { body: sample });
        }
      }
      if (!sample) return;
      for (const key of new Set([...Object.keys(sample), 'name', 'custom_attributes', 'query', 'pagination', 'options'])) {
        for (const value of absurd) {
          await ws.call(op.method, path, { body: { ...sample, [key]: value } });
        }
        await ws.call(op.method, path, { rawBody: `{"${key}":${deep(100_000)}}` });
      }
    });
  }
});
