/** HTTP semantics shared by every operation: versions, unknown routes, bodies, headers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

const api = await testApi();

test('Intercom-Version: absent or any listed version is accepted; an unknown one is 400', async () => {
  const ws = await api.newWorkspace();
  assert.equal((await ws.call('GET', '/me')).status, 200);
  for (const version of ['2.11', '2.9', '1.0', 'Preview']) {
    assert.equal((await ws.call('GET', '/me', { headers: { 'intercom-version': version } })).status, 200, version);
  }
  const bad = await ws.call('GET', '/me', { headers: { 'intercom-version': '9.99' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(firstError(bad), { code: 'intercom_version_invalid', message: 'The requested version could not be found' });
});

test('unknown paths and unsupported methods answer 404 in error.list', async () => {
  const ws = await api.newWorkspace();
  for (const [method, path] of [['GET', '/nothing/here'], ['DELETE', '/me'], ['PATCH', '/tags'], ['GET', '/']] as const) {
    const res = await ws.call(method, path);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(firstError(res).code, 'not_found');
  }
});

test('every error carries a fresh request id, also sent as X-Request-Id', async () => {
  const one = await api.call('GET', '/me');
  const two = await api.call('GET', '/me');
  assert.match(one.body.request_id, /^[0-9a-f-]{36}$/);
  assert.notEqual(one.body.request_id, two.body.request_id);
  assert.equal(one.headers['x-request-id'], one.body.request_id);
});

test('an oversized body is refused with 413 error.list and nothing is created', async () => {
  const ws = await api.newWorkspace();
  const huge = JSON.stringify({ name: 'x'.repeat(api.config.bodyLimit + 10) });
  const res = await ws.call('POST', '/tags', { rawBody: huge });
  assert.equal(res.status, 413);
  assert.equal(firstError(res).code, 'request_too_large');
  assert.equal((await ws.call('GET', '/tags')).body.data.length, 0);
});

test('an empty body with a JSON content type is no body, not a parse error', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('POST', '/tags', { rawBody: '', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.equal(firstError(res).code, 'parameter_not_found');
});

test('JSON with a __proto__ key is rejected, not merged', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('POST', '/tags', { rawBody: '{"name":"x","__proto__":{"admin":true}}' });
  assert.equal(res.status, 400);
  firstError(res);
});

test('an Accept header that excludes JSON gets 406', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('GET', '/me', { headers: { accept: 'text/html' } });
  assert.equal(res.status, 406);
  firstError(res);
  assert.equal((await ws.call('GET', '/me', { headers: { accept: 'application/json, text/plain, */*' } })).status, 200);
});

test('a token of one workspace never reads another workspace', async () => {
  const one = await api.newWorkspace('One');
  const two = await api.newWorkspace('Two');
  assert.equal((await one.call('GET', '/me')).body.app.id_code, one.id);
  assert.equal((await two.call('GET', '/me')).body.app.id_code, two.id);
  const oneAdmins = (await one.call('GET', '/admins')).body.admins.map((a: any) => a.id);
  const twoAdmins = (await two.call('GET', '/admins')).body.admins.map((a: any) => a.id);
  assert.equal(oneAdmins.filter((id: string) => twoAdmins.includes(id)).length, 0);
});

test('old SDKs: Basic auth with the token as user name works', async () => {
  const ws = await api.newWorkspace();
  const res = await api.call('GET', '/me', { headers: { authorization: 'Basic ' + Buffer.from(`${ws.token}:`).toString('base64') } });
  assert.equal(res.status, 200);
});
