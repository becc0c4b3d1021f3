/**
 * The auth and isolation battery of every developer control under /_admin: no token or a wrong one is
 * a 401 error.list with a request id, and one workspace never sees or touches another's journal,
 * clock, faults or snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

const api = await testApi();

const CONTROLS: [string, string, unknown?][] = [
  ['POST', '/_admin/reset'],
  ['POST', '/_admin/fixtures', {}],
  ['GET', '/_admin/snapshot'],
  ['POST', '/_admin/restore', {}],
  ['GET', '/_admin/requests'],
  ['DELETE', '/_admin/requests'],
  ['GET', '/_admin/clock'],
  ['PUT', '/_admin/clock', { offset_seconds: 60 }],
  ['POST', '/_admin/clock/advance', { seconds: 60 }],
  ['DELETE', '/_admin/clock'],
  ['POST', '/_admin/faults', { status: 500 }],
  ['GET', '/_admin/faults'],
  ['DELETE', '/_admin/faults'],
  ['DELETE', '/_admin/faults/1'],
];

test('every control: no token, a wrong token and a Basic wrong token are 401 error.list with the request id', async () => {
  for (const [method, url, body] of CONTROLS) {
    for (const options of [{}, { token: 'not-a-token' }, { headers: { authorization: 'Basic ' + Buffer.from('nope:').toString('base64') } }]) {
      const res = await api.call(method, url, { body, ...options });
      assert.equal(res.status, 401, `${method} ${url}: ${res.raw}`);
      assert.deepEqual(firstError(res), { code: 'unauthorized', message: 'Access Token Invalid' });
      assert.equal(res.headers['x-request-id'], res.body.request_id);
    }
  }
});

test('every control answers with a request id; malformed JSON is a 400 error.list', async () => {
  const ws = await api.newWorkspace();
  for (const [method, url] of CONTROLS.filter(([m]) => m !== 'GET' && m !== 'DELETE')) {
    const res = await ws.call(method, url, { rawBody: '{"oops": ' });
    assert.equal(res.status, 400, `${method} ${url}: ${res.raw}`);
    assert.equal(firstError(res).code, 'parameter_invalid');
    assert.equal(res.headers['x-request-id'], res.body.request_id);
  }
});

test("isolation: one workspace's journal, clock, faults and snapshot are invisible to and untouched by another", async () => {
  const a = await api.newWorkspace('A');
  const b = await api.newWorkspace('B');
  const made = await a.call('POST', '/contacts', { body: { email: 'only-in-a@example.com' } });
  assert.equal(made.status, 200);
  assert.equal((await a.call('PUT', '/_admin/clock', { body: { frozen_at: 1_600_000_000 } })).status, 200);
  const fault = await a.call('POST', '/_admin/faults', { body: { operation_id: 'listTags', status: 500 } });
  assert.equal(fault.status, 200);

  // B's own views show nothing of A's.
  const journal = await b.call('GET', '/_admin/requests');
  assert.deepEqual(journal.body.data, []);
  const clock = await b.call('GET', '/_admin/clock');
  assert.notEqual(clock.body.now, 1_600_000_000);
  assert.deepEqual((await b.call('GET', '/_admin/faults')).body.data, []);
  assert.equal((await b.call('GET', '/tags')).status, 200, "A's fault does not fire for B");
  const snapshot = await b.call('GET', '/_admin/snapshot');
  assert.ok(!snapshot.raw.includes('only-in-a@example.com'));
  assert.ok(!snapshot.raw.includes(a.id));

  // B's changes leave A's alone.
  assert.equal((await b.call('DELETE', `/_admin/faults/${fault.body.id}`)).status, 404);
  await b.call('DELETE', '/_admin/faults');
  await b.call('DELETE', '/_admin/requests');
  await b.call('DELETE', '/_admin/clock');
  await b.call('POST', '/_admin/reset');
  assert.equal((await a.call('GET', '/_admin/faults')).body.data.length, 1);
  assert.equal((await a.call('GET', '/_admin/clock')).body.now, 1_600_000_000);
  assert.ok((await a.call('GET', '/_admin/requests?operation=CreateContact')).body.data.length === 1);
  assert.equal((await a.call('GET', `/contacts/${made.body.id}`)).status, 200);

  // A snapshot of A restored into B is B's copy: A keeps its own.
  const copy = await a.call('GET', '/_admin/snapshot');
  assert.equal((await b.call('POST', '/_admin/restore', { body: copy.body })).status, 200);
  assert.equal((await b.call('GET', '/contacts')).body.total_count, 1);
  await b.call('POST', '/_admin/reset');
  assert.equal((await a.call('GET', `/contacts/${made.body.id}`)).status, 200);
});
