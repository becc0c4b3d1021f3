/**
 * One battery over every operation of the spec: no token, a bad token, another workspace's ids,
 * unknown ids, malformed JSON and wrong types. None may produce a 5xx; each gets Intercom's
 * error.list with the right status.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { operations, type OperationId } from '../src/generated/operations.js';
import { handlers } from '../src/handlers.js';
import { firstError, testApi, type TestWorkspace } from './harness.js';
import { pathParamFixtures, sampleBodies } from './fixtures.js';

const api = await testApi();
const all = Object.values(operations);
const implemented = all.filter((op) => handlers[op.id as OperationId]);

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
        const res = await other.call(op.method, url(op.path, values) + requiredQuery(op), { body: await validBody(op, other) });
        assert.equal(res.status, 404, `${op.method} ${url(op.path, values)}: ${res.raw}`);
        firstError(res);
        // The owner still sees its objects.
        const mine = await owner.call(op.method === 'GET' ? 'GET' : op.method, url(op.path, values) + requiredQuery(op), {
          body: await validBody(op, owner),
        });
        assert.ok(mine.status < 400, `the owner's own call failed: ${mine.raw}`);
      });

      test(`${op.id}: unknown and malformed ids → 404`, async () => {
        const ws = await api.newWorkspace();
        for (const bogus of ['999999999', '5f0c5a7e1c9d440000000000', 'not-an-id', '0']) {
          const values = Object.fromEntries(params.map((p) => [p, bogus]));
          const res = await ws.call(op.method, url(op.path, values) + requiredQuery(op), { body: await validBody(op, ws) });
          assert.equal(res.status, 404, `${op.method} ${url(op.path, values)}: ${res.raw}`);
          firstError(res);
        }
      });
    }

    if (op.method !== 'GET') {
      test(`${op.id}: malformed JSON → 400 parameter_invalid`, async () => {
        const ws = await api.newWorkspace();
        const res = await ws.call(op.method, url(op.path, {}) + requiredQuery(op), { rawBody: '{"name": "oops",' });
        assert.equal(res.status, 400, res.raw);
        assert.equal(firstError(res).code, 'parameter_invalid');
      });

      test(`${op.id}: a body that is not JSON at all → 400`, async () => {
        const ws = await api.newWorkspace();
        const res = await ws.call(op.method, url(op.path, {}) + requiredQuery(op), {
          rawBody: 'name=oops',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        assert.equal(res.status, 400, res.raw);
        firstError(res);
      });
    }

    if (op.body?.schema.type === 'object') {
      test(`${op.id}: wrong types → 400, never 5xx`, async () => {
        const ws = await api.newWorkspace();
        const target = url(op.path, {}) + requiredQuery(op);
        for (const body of [[], 'text', 42, null]) {
          const res = await ws.call(op.method, target, { rawBody: JSON.stringify(body) });
          assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.raw}`);
          firstError(res);
        }
        const sample = ((await validBody(op, ws)) ?? {}) as Record<string, unknown>;
        for (const [name, schema] of Object.entries<any>(op.body!.schema.properties ?? {})) {
          const wrong = schema.type === 'string' ? 12345 : schema.type === 'array' ? 'not-an-array' : schema.type === 'object' ? 'text' : 'text';
          const res = await ws.call(op.method, target, { body: { ...sample, [name]: wrong } });
          assert.ok(res.status >= 400 && res.status < 500, `${name}=${JSON.stringify(wrong)} → ${res.status} ${res.raw}`);
          firstError(res);
        }
      });
    }
  }
});
