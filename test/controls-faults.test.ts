/** /_admin/faults: injected errors and latency, by operationId or for all, counted or by chance. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

/** A call whose 5xx is the point (the harness's `call` treats a 5xx as a failed test). */
async function raw(ws: TestWorkspace, method: string, url: string, body?: unknown) {
  const res = await api.app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${ws.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

test('a fault for one operation answers its status with Intercom\'s error body for the next N calls, then the real answer', async () => {
  const ws = await api.newWorkspace();
  const made = await ws.call('POST', '/_admin/faults', { body: { operation_id: 'ListContacts', status: 503, times: 2 } });
  assert.equal(made.status, 200, made.raw);
  assert.deepEqual({ ...made.body, id: 'x', created_at: 0 }, { type: 'fault', id: 'x', operation_id: 'ListContacts', status: 503, latency_ms: 0, times: 2, probability: 1, created_at: 0 });
  for (let i = 0; i < 2; i++) {
    const res = await raw(ws, 'GET', '/contacts');
    assert.equal(res.status, 503);
    assert.equal(res.body.type, 'error.list');
    assert.equal(res.body.errors[0].code, 'service_unavailable');
    assert.equal(res.body.request_id, res.headers['x-request-id']);
  }
  assert.equal((await raw(ws, 'GET', '/contacts')).status, 200);
  assert.equal((await raw(ws, 'GET', '/tags')).status, 200, 'other operations are untouched');
  assert.deepEqual((await ws.call('GET', '/_admin/faults')).body.data, [], 'a used-up fault is gone');
});

test('each status gets Intercom\'s code; 429 carries the rate-limit headers', async () => {
  const ws = await api.newWorkspace();
  for (const [status, code] of [[429, 'rate_limit_exceeded'], [500, 'server_error'], [503, 'service_unavailable'], [401, 'unauthorized'], [404, 'not_found'], [403, 'api_plan_restricted']] as const) {
    await ws.call('POST', '/_admin/faults', { body: { status, times: 1 } });
    const res = await raw(ws, 'GET', '/tags');
    assert.equal(res.status, status);
    assert.equal(res.body.errors[0].code, code);
    if (status === 429) {
      assert.equal(res.headers['x-ratelimit-remaining'], '0');
      assert.ok(res.headers['x-ratelimit-limit']);
      assert.ok(Number(res.headers['x-ratelimit-reset']) > 0);
      assert.match(res.body.errors[0].message, /^Exceeded rate limit of \d+ in 10_seconds$/);
    }
  }
});

test('a fault without operation_id hits every API operation, never the controls; DELETE clears', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/_admin/faults', { body: { status: 500 } });
  assert.equal((await raw(ws, 'GET', '/tags')).status, 500);
  assert.equal((await raw(ws, 'POST', '/contacts', { email: 'x@example.com' })).status, 500);
  assert.equal((await raw(ws, 'GET', '/me')).status, 500);
  assert.equal((await ws.call('GET', '/_admin/faults')).status, 200);
  const cleared = await ws.call('DELETE', '/_admin/faults');
  assert.equal(cleared.body.deleted, 1);
  assert.equal((await raw(ws, 'GET', '/tags')).status, 200);
  assert.equal((await raw(ws, 'GET', '/contacts')).body.total_count, 0, 'the faulted create changed nothing');
});

test('latency delays the real answer; probability fails about that share of calls', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/_admin/faults', { body: { operation_id: 'listTags', latency_ms: 120, times: 1 } });
  const started = performance.now();
  assert.equal((await raw(ws, 'GET', '/tags')).status, 200);
  assert.ok(performance.now() - started >= 110);
  await ws.call('POST', '/_admin/faults', { body: { operation_id: 'listTags', status: 500, probability: 0.5 } });
  let failed = 0;
  for (let i = 0; i < 200; i++) if ((await raw(ws, 'GET', '/tags')).status === 500) failed++;
  assert.ok(failed > 60 && failed < 140, `${failed} of 200 failed`);
});

test('one fault removed by id; the faults are listed', async () => {
  const ws = await api.newWorkspace();
  const a = (await ws.call('POST', '/_admin/faults', { body: { operation_id: 'listTags', status: 500 } })).body;
  const b = (await ws.call('POST', '/_admin/faults', { body: { operation_id: 'listTeams', status: 502 } })).body;
  assert.deepEqual((await ws.call('GET', '/_admin/faults')).body.data.map((f: any) => f.id), [a.id, b.id]);
  assert.equal((await ws.call('DELETE', `/_admin/faults/${a.id}`)).status, 200);
  assert.equal((await ws.call('DELETE', `/_admin/faults/${a.id}`)).status, 404);
  assert.equal((await raw(ws, 'GET', '/tags')).status, 200);
  assert.equal((await raw(ws, 'GET', '/teams')).status, 502);
});

test('every input is checked: a 400 naming the field, nothing stored', async () => {
  const ws = await api.newWorkspace();
  const cases: [unknown, string, RegExp?][] = [
    [{ operation_id: 'NoSuchOperation', status: 500 }, 'operation_id', /NoSuchOperation/],
    [{ operation_id: 42, status: 500 }, 'operation_id'],
    [{ status: 418 }, 'status'],
    [{ status: '500' }, 'status'],
    [{}, 'status'],
    [{ latency_ms: -1 }, 'latency_ms'],
    [{ latency_ms: 600_000 }, 'latency_ms'],
    [{ status: 500, times: 0 }, 'times'],
    [{ status: 500, times: 1.5 }, 'times'],
    [{ status: 500, probability: 0 }, 'probability'],
    [{ status: 500, probability: 1.5 }, 'probability'],
    [{ status: 500, colour: 'red' }, 'colour'],
  ];
  for (const [body, field, message] of cases) {
    const res = await ws.call('POST', '/_admin/faults', { body });
    assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.raw}`);
    assert.equal(firstError(res).field, field, JSON.stringify(body));
    if (message) assert.match(firstError(res).message, message);
  }
  assert.deepEqual((await ws.call('GET', '/_admin/faults')).body.data, []);
});
