/**
 * One battery over every operation of the spec: no token, a bad token, another workspace's ids,
 * unknown ids, malformed JSON and wrong types. None may produce a 5xx; each gets Intercom's
 * error.list with the right status.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { operations, type OperationId } from '../src/generated/operations.js';
import { componentSchemas } from '../src/generated/schemas.js';
import { handlers } from '../src/handlers.js';
import { optionsOf } from '../src/core/context.js';
import { firstError, testApi, type Response, type TestWorkspace } from './harness.js';
import { foreignIdCases, pathParamFixtures, sampleBodies } from './fixtures/index.js';

const api = await testApi();

/**
 * The error of an admitted request, in the operation's shape: `error.list`, or the shape of its own
 * that an operation declares (the phone switch's `{error_key, message}`), read as `{code, message}`.
 */
function operationError(op: { id: string }, res: Response): { code: string; message: string } {
  if (!optionsOf(handlers[op.id as OperationId]).errorBody) return firstError(res);
  assert.equal(typeof res.body?.error_key, 'string', `expected {error_key, message}, got ${res.raw}`);
  assert.equal(typeof res.body?.message, 'string', `expected {error_key, message}, got ${res.raw}`);
  return { code: res.body.error_key, message: res.body.message };
}
const all = Object.values(operations);
const implemented = all.filter((op) => handlers[op.id as OperationId]);

/** The `Accept` an operation that answers with another media type than JSON (the export download) needs. */
function acceptOf(op: { id: string }): Record<string, string> {
  const produces = optionsOf(handlers[op.id as OperationId]).produces;
  return produces ? { accept: produces } : {};
}

function url(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(values[name] ?? '1'));
}

function requiredQuery(op: (typeof all)[number]): string {
  const required = op.queryParams.filter((p) => p.required);
  if (required.length === 0) return '';
  return '?' + required.map((p) => `${p.name}=${p.schema.type === 'string' ? '1' : '1'}`).join('&');
}

async function validBody(op: (typeof all)[number], ws: TestWorkspace) {
  return op.body ? (sampleBodies[op.id]?.(ws) ?? {}) : undefined;
}

describe('every operation without credentials', () => {
  for (const op of all) {
    test(`${op.id}: no token → 401, bad token → 401`, async () => {
      const target = url(op.path, {}) + requiredQuery(op);
      const none = await api.call(op.method, target, { body: op.body ? {} : undefined });
      assert.equal(none.status, 401, `${op.method} ${target}: ${none.raw}`);
      assert.deepEqual(firstError(none), { code: 'unauthorized', message: 'Access Token Invalid' });
      const bad = await api.call(op.method, target, { token: 'not-a-real-token', body: op.body ? {} : undefined });
      assert.equal(bad.status, 401);
      const basicBad = await api.call(op.method, target, { headers: { authorization: 'Basic ' + Buffer.from('nope:').toString('base64') } });
      assert.equal(basicBad.status, 401);
    });
  }
});

describe('operations not implemented yet', () => {
  for (const op of all.filter((o) => !handlers[o.id as OperationId])) {
    test(`${op.id}: 501 not_implemented in error.list`, async () => {
      const ws = await api.newWorkspace();
      const res = await ws.call(op.method, url(op.path, {}) + requiredQuery(op), { body: op.body ? {} : undefined });
      assert.equal(res.status, 501);
      assert.equal(firstError(res).code, 'not_implemented');
    });
  }
});

describe('implemented operations', () => {
  for (const op of implemented) {
    const params = op.pathParams.map((p) => p.name);

    if (params.length > 0) {
      test(`${op.id}: another workspace's ids are invisible (404)`, async () => {
        const owner = await api.newWorkspace();
        const other = await api.newWorkspace();
        const values: Record<string, string> = {};
        for (const name of params) {
          const fixture = pathParamFixtures[name];
          assert.ok(fixture, `test/fixtures.ts needs a fixture for path parameter ${name}`);
          values[name] = await fixture(owner);
        }
        const res = await other.call(op.method, url(op.path, values) + requiredQuery(op), { body: await validBody(op, other), headers: acceptOf(op) });
        assert.equal(res.status, 404, `${op.method} ${url(op.path, values)}: ${res.raw}`);
        operationError(op, res);
        // The owner still sees its objects.
        const mine = await owner.call(op.method === 'GET' ? 'GET' : op.method, url(op.path, values) + requiredQuery(op), {
          body: await validBody(op, owner),
          headers: acceptOf(op),
        });
        assert.ok(mine.status < 400, `the owner's own call failed: ${mine.raw}`);
      });

      test(`${op.id}: unknown and malformed ids → 404`, async () => {
        const ws = await api.newWorkspace();
        for (const bogus of ['999999999', '5f0c5a7e1c9d440000000000', 'not-an-id', '0']) {
          const values = Object.fromEntries(params.map((p) => [p, bogus]));
          const res = await ws.call(op.method, url(op.path, values) + requiredQuery(op), { body: await validBody(op, ws), headers: acceptOf(op) });
          assert.equal(res.status, 404, `${op.method} ${url(op.path, values)}: ${res.raw}`);
          operationError(op, res);
        }
      });
    }

    if (op.method !== 'GET') {
      test(`${op.id}: malformed JSON → 400 parameter_invalid`, async () => {
        const ws = await api.newWorkspace();
        const res = await ws.call(op.method, url(op.path, {}) + requiredQuery(op), { rawBody: '{"name": "oops",' });
        assert.equal(res.status, 400, res.raw);
        assert.equal(operationError(op, res).code, 'parameter_invalid');
      });

      test(`${op.id}: a body that is not JSON at all → 400`, async () => {
        const ws = await api.newWorkspace();
        const res = await ws.call(op.method, url(op.path, {}) + requiredQuery(op), {
          rawBody: 'name=oops',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(res.status, 400, res.raw);
        operationError(op, res);
      });
    }

    if (op.body?.schema.type === 'object') {
      test(`${op.id}: wrong types → 400, never 5xx`, async () => {
        const ws = await api.newWorkspace();
        const target = url(op.path, {}) + requiredQuery(op);
        for (const body of [[], 'text', 42, null]) {
          const res = await ws.call(op.method, target, { rawBody: JSON.stringify(body) });
          assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.raw}`);
          operationError(op, res);
        }
        const sample = ((await validBody(op, ws)) ?? {}) as Record<string, unknown>;
        for (const [name, schema] of Object.entries<any>(op.body!.schema.properties ?? {})) {
          const wrong = schema.type === 'string' ? 12345 : schema.type === 'array' ? 'not-an-array' : schema.type === 'object' ? 'text' : 'text';
          const res = await ws.call(op.method, target, { body: { ...sample, [name]: wrong } });
          assert.ok(res.status >= 400 && res.status < 500, `${name}=${JSON.stringify(wrong)} → ${res.status} ${res.raw}`);
          operationError(op, res);
        }
      });
    }
  }
});

/**
 * Request fields that name an object of the workspace. A client's own ids do not: a contact's
 * `external_id`, and a company's `company_id` in bodies and queries (POST /companies is keyed on it:
 * another workspace's value simply names a company of this one). Paths' `{company_id}` is Intercom's id.
 */
const ID_FIELD = /^(id|[a-z_]+_id|from|into)$/;
const NOT_SERVER_IDS = new Set(['external_id', 'company_id']);

/** Id-like property names anywhere in a request schema (following $refs into the spec's components). */
function idFields(schema: any, seen = new Set<any>(), path = ''): string[] {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  if (typeof schema.$ref === 'string') return idFields(componentSchemas[schema.$ref.split('/').pop()!], seen, path);
  const found: string[] = [];
  for (const [name, sub] of Object.entries<any>(schema.properties ?? {})) {
    const here = path ? `${path}.${name}` : name;
    if (ID_FIELD.test(name) && !NOT_SERVER_IDS.has(name)) found.push(here);
    found.push(...idFields(sub, seen, here));
  }
  for (const key of ['items', 'oneOf', 'anyOf', 'allOf']) {
    const sub = schema[key];
    for (const part of Array.isArray(sub) ? sub : sub ? [sub] : []) found.push(...idFields(part, seen, key === 'items' ? `${path}[]` : path));
  }
  return found;
}

describe('ids inside bodies and queries', () => {
  for (const op of implemented) {
    const fields = [...new Set([...(op.body ? idFields(op.body.schema) : []), ...op.queryParams.map((p) => p.name).filter((n) => ID_FIELD.test(n))])];
    const cases = foreignIdCases[op.id] ?? [];
    if (fields.length > 0) {
      test(`${op.id}: declares another workspace's ids for ${fields.join(', ')}`, () => {
        assert.ok(cases.length > 0, `${op.id} takes ${fields.join(', ')}: declare foreignIds cases in test/fixtures/<resource>.ts`);
      });
    }
    for (const c of cases) {
      test(`${op.id}: another workspace's ${c.name} → ${c.status ?? 404}, nothing changes`, async () => {
        const mine = await api.newWorkspace();
        const theirs = await api.newWorkspace();
        const { path, body } = await c.request(mine, theirs);
        const before = (await mine.events()).length;
        const res = await mine.call(op.method, path, { body });
        assert.equal(res.status, c.status ?? 404, `${op.method} ${path} ${JSON.stringify(body)}: ${res.raw}`);
        if (res.status >= 400) operationError(op, res);
        c.check?.(res.body);
        assert.equal((await mine.events()).length, before, 'no event was recorded');
      });
    }
  }
});
