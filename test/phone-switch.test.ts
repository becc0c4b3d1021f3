import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';

const api = await testApi({ PUBLIC_URL: 'https://intercom.example.test/' });

test('createPhoneSwitch: an E.164 number gets a phone_call_redirect; the redirect is recorded with its custom attributes', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('POST', '/phone_call_redirects', { body: { phone: '+353832345678', custom_attributes: { issue_type: 'Billing', priority: 'High', vip: true } } });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'phone_call_redirect');
  assert.equal(res.body.phone, '+353832345678');
  const match = /^https:\/\/intercom\.example\.test\/_admin\/phone_call_redirects\/([0-9a-f-]{36})$/.exec(res.body.url);
  assert.ok(match, res.body.url);

  // The link leads to the redirect as recorded, in this workspace only.
  const recorded = await ws.call('GET', `/_admin/phone_call_redirects/${match[1]}`);
  assert.equal(recorded.status, 200, recorded.raw);
  assert.deepEqual(recorded.body.custom_attributes, { issue_type: 'Billing', priority: 'High', vip: true });
  assert.equal(recorded.body.created_at, ws.clock.now());
  const other = await api.newWorkspace();
  assert.equal((await other.call('GET', `/_admin/phone_call_redirects/${match[1]}`)).status, 404);
  assert.deepEqual((await other.call('GET', '/_admin/phone_call_redirects')).body.data, []);

  // The spec's own example writes a space after the country code: accepted, answered in E.164.
  ws.clock.advance(1);
  const spaced = await ws.call('POST', '/phone_call_redirects', { body: { phone: '+1 (123) 456-7890' } });
  assert.equal(spaced.body.phone, '+11234567890');
  const list = await ws.call('GET', '/_admin/phone_call_redirects');
  assert.deepEqual(list.body.data.map((r: any) => r.phone), ['+11234567890', '+353832345678']);
  assert.deepEqual(list.body.data[0].custom_attributes, {});
  assert.equal((await ws.events()).length, 0, 'no webhook topic');
});

test('createPhoneSwitch: errors have the endpoint\'s own shape {error_key, message}, not error.list; nothing is recorded', async () => {
  const ws = await api.newWorkspace();
  for (const phone of ['0832345678', '353832345678', '+0123456', '+1234567890123456', 'call me', '', '+1']) {
    const res = await ws.call('POST', '/phone_call_redirects', { body: { phone } });
    assert.equal(res.status, 400, `${phone}: ${res.raw}`);
    assert.deepEqual(res.body, { error_key: 'invalid_phone_number', message: 'Invalid phone number' });
  }
  const missing = await ws.call('POST', '/phone_call_redirects', { body: {} });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error_key, 'invalid_phone_number');
  assert.equal(typeof missing.body.message, 'string');
  const nested = await ws.call('POST', '/phone_call_redirects', { body: { phone: '+353832345678', custom_attributes: { deep: { no: 1 } } } });
  assert.equal(nested.status, 400);
  assert.equal(nested.body.error_key, 'parameter_invalid');
  const broken = await ws.call('POST', '/phone_call_redirects', { rawBody: '{"phone":' });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error_key, 'parameter_invalid');
  assert.deepEqual((await ws.call('GET', '/_admin/phone_call_redirects')).body.data, []);

  // Admission errors stay error.list, as Intercom's 401 example shows.
  const unauthorized = await ws.call('POST', '/phone_call_redirects', { body: { phone: '+353832345678' }, token: 'not-a-token' });
  assert.equal(unauthorized.status, 401);
  assert.deepEqual(firstError(unauthorized), { code: 'unauthorized', message: 'Access Token Invalid' });
});
