import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function setup(ws: TestWorkspace) {
  const types = (await ws.call('GET', '/subscription_types')).body.data;
  const optOut = types.find((t: any) => t.consent_type === 'opt_out');
  const optIn = types.find((t: any) => t.consent_type === 'opt_in');
  const contact = (await ws.call('POST', '/contacts', { body: { email: 's@example.com' } })).body;
  return { types, optOut, optIn, contact };
}

test('listSubscriptionTypes: every workspace is seeded with live opt-in and opt-out types', async () => {
  const ws = await api.newWorkspace();
  const res = await ws.call('GET', '/subscription_types');
  assert.equal(res.status, 200);
  assert.equal(res.body.type, 'list');
  assert.ok(res.body.data.length >= 2);
  for (const t of res.body.data) {
    assert.equal(t.type, 'subscription');
    assert.match(t.id, /^\d+$/);
    assert.equal(t.state, 'live');
    assert.ok(['opt_in', 'opt_out'].includes(t.consent_type));
    assert.deepEqual(t.translations, [t.default_translation]);
    assert.equal(t.default_translation.locale, 'en');
    assert.ok(t.content_types.length > 0);
  }
  assert.ok(res.body.data.some((t: any) => t.consent_type === 'opt_in'));
  assert.ok(res.body.data.some((t: any) => t.consent_type === 'opt_out'));
  const other = await api.newWorkspace();
  const otherIds = (await other.call('GET', '/subscription_types')).body.data.map((t: any) => t.id);
  assert.ok(otherIds.every((id: string) => !res.body.data.some((t: any) => t.id === id)), 'each workspace has its own');
});

test('attach opt_out type → contact opted out; opt_in type → opted in; contact lists only explicit choices', async () => {
  const ws = await api.newWorkspace();
  const { optOut, optIn, contact } = await setup(ws);
  assert.deepEqual((await ws.call('GET', `/contacts/${contact.id}/subscriptions`)).body, { type: 'list', data: [] });

  const out = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optOut.id, consent_type: 'opt_out' } });
  assert.equal(out.status, 200, out.raw);
  assert.deepEqual(out.body, optOut);
  const inn = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optIn.id, consent_type: 'opt_in' } });
  assert.deepEqual(inn.body, optIn);
  // Attaching twice is harmless.
  assert.equal((await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optIn.id, consent_type: 'opt_in' } })).status, 200);

  const listed = await ws.call('GET', `/contacts/${contact.id}/subscriptions`);
  assert.deepEqual(listed.body.data.map((t: any) => t.id).sort(), [optOut.id, optIn.id].sort());
  const shown = (await ws.call('GET', `/contacts/${contact.id}`)).body;
  assert.deepEqual(shown.opted_out_subscription_types.data.map((t: any) => t.id), [optOut.id]);
  assert.deepEqual(shown.opted_in_subscription_types.data.map((t: any) => t.id), [optIn.id]);
  assert.equal(shown.opted_in_subscription_types.total_count, 1);
  assert.equal(shown.opted_in_subscription_types.data[0].type, 'subscription');
});

test('detach removes the explicit choice and answers with the type', async () => {
  const ws = await api.newWorkspace();
  const { optOut, contact } = await setup(ws);
  await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optOut.id, consent_type: 'opt_out' } });
  const res = await ws.call('DELETE', `/contacts/${contact.id}/subscriptions/${optOut.id}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, optOut);
  assert.deepEqual((await ws.call('GET', `/contacts/${contact.id}/subscriptions`)).body.data, []);
  assert.equal((await ws.call('GET', `/contacts/${contact.id}`)).body.opted_out_subscription_types.total_count, 0);
  // Detaching again is a no-op.
  assert.equal((await ws.call('DELETE', `/contacts/${contact.id}/subscriptions/${optOut.id}`)).status, 200);
});

test('unknown subscription or contact is 404; wrong consent_type is 400 and changes nothing', async () => {
  const ws = await api.newWorkspace();
  const { optOut, contact } = await setup(ws);
  const other = await api.newWorkspace();
  const foreignType = (await other.call('GET', '/subscription_types')).body.data[0];
  for (const id of ['999999999', 'abc', foreignType.id]) {
    const res = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id, consent_type: 'opt_out' } });
    assert.equal(res.status, 404, id);
    assert.equal(firstError(res).code, 'not_found');
    assert.equal((await ws.call('DELETE', `/contacts/${contact.id}/subscriptions/${id}`)).status, 404);
  }
  const noContact = await ws.call('POST', '/contacts/0123456789abcdef01234567/subscriptions', { body: { id: optOut.id, consent_type: 'opt_out' } });
  assert.deepEqual(firstError(noContact), { code: 'not_found', message: 'User Not Found' });
  assert.equal((await ws.call('GET', '/contacts/0123456789abcdef01234567/subscriptions')).status, 404);
  for (const body of [{ id: optOut.id, consent_type: 'opt_in' }, { id: optOut.id, consent_type: 'maybe' }, { id: optOut.id }, { id: 5, consent_type: 'opt_out' }]) {
    const res = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body });
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  assert.deepEqual((await ws.call('GET', `/contacts/${contact.id}/subscriptions`)).body.data, []);
});
