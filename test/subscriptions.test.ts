import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scope } from '../src/core/scope.js';
import { subscriptionsResource } from '../src/resources/subscriptions/index.js';
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

test('unknown subscription or contact is 404; a consent_type other than opt_in/opt_out is 400 and changes nothing', async () => {
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
  for (const body of [{ id: optOut.id, consent_type: 'maybe' }, { id: optOut.id }, { id: 5, consent_type: 'opt_out' }]) {
    const res = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body });
    assert.equal(res.status, 400, JSON.stringify(body));
  }
  assert.deepEqual((await ws.call('GET', `/contacts/${contact.id}/subscriptions`)).body.data, []);
});

test('attach records the choice as given: an opt-out type attached with opt_in opts the contact in, and back', async () => {
  const ws = await api.newWorkspace();
  const { optOut, optIn, contact } = await setup(ws);
  const lists = async () => {
    const shown = (await ws.call('GET', `/contacts/${contact.id}`)).body;
    return { in: shown.opted_in_subscription_types.data.map((t: any) => t.id), out: shown.opted_out_subscription_types.data.map((t: any) => t.id) };
  };
  const res = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optOut.id, consent_type: 'opt_in' } });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body, optOut, 'the answer is the subscription type as listed');
  assert.deepEqual(await lists(), { in: [optOut.id], out: [] });
  const other = await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optIn.id, consent_type: 'opt_out' } });
  assert.equal(other.status, 200, other.raw);
  assert.deepEqual(await lists(), { in: [optOut.id], out: [optIn.id] });
  // A new choice replaces the old one.
  await ws.call('POST', `/contacts/${contact.id}/subscriptions`, { body: { id: optOut.id, consent_type: 'opt_out' } });
  assert.deepEqual(await lists(), { in: [], out: [optIn.id, optOut.id].sort() });
  assert.deepEqual((await ws.call('GET', `/contacts/${contact.id}/subscriptions`)).body.data.map((t: any) => t.id), [optOut.id, optIn.id].sort());
});

/** A lead and a user, with the choices given as [contact, type, consent]. */
async function leadAndUser(ws: TestWorkspace, choices: ['lead' | 'user', { id: string }, string][]) {
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead' } })).body;
  const user = (await ws.call('POST', '/contacts', { body: { email: 'merge-into@example.com' } })).body;
  for (const [who, type, consent_type] of choices) {
    const id = who === 'lead' ? lead.id : user.id;
    await ws.call('POST', `/contacts/${id}/subscriptions`, { body: { id: type.id, consent_type } });
  }
  return { lead, user };
}

test('merge: the lead\'s choices pass to the user where the user made none (the user\'s own choices win)', async () => {
  const ws = await api.newWorkspace();
  const { optOut, optIn } = await setup(ws);
  const { lead, user } = await leadAndUser(ws, [['lead', optOut, 'opt_in'], ['lead', optIn, 'opt_in'], ['user', optIn, 'opt_out']]);
  const merged = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(merged.status, 200, merged.raw);
  assert.deepEqual(merged.body.opted_in_subscription_types.data.map((t: any) => t.id), [optOut.id]);
  assert.deepEqual(merged.body.opted_out_subscription_types.data.map((t: any) => t.id), [optIn.id]);
  assert.equal((await ws.call('GET', `/contacts/${lead.id}/subscriptions`)).status, 404);
});

test('contact dependent "subscriptions": onMerge copies the missing choices, and running it twice changes nothing more', async () => {
  const ws = await api.newWorkspace();
  const { optOut, optIn } = await setup(ws);
  const { lead, user } = await leadAndUser(ws, [['lead', optOut, 'opt_out'], ['lead', optIn, 'opt_in'], ['user', optOut, 'opt_in']]);
  const dependent = subscriptionsResource.contactDependents?.find((d) => d.name === 'subscriptions');
  assert.ok(dependent?.onMerge);
  const scope = new Scope(api.database.db, ws.id);
  for (let i = 0; i < 2; i++) {
    await dependent.onMerge(scope, lead.id, user.id);
    const shown = (await ws.call('GET', `/contacts/${user.id}`)).body;
    assert.deepEqual(shown.opted_in_subscription_types.data.map((t: any) => t.id), [optOut.id, optIn.id].sort());
    assert.equal(shown.opted_out_subscription_types.total_count, 0);
  }
  // Another workspace's merge touches nothing here.
  const other = await api.newWorkspace();
  await dependent.onMerge(new Scope(api.database.db, other.id), lead.id, user.id);
  assert.equal((await ws.call('GET', `/contacts/${lead.id}/subscriptions`)).body.data.length, 2);
});
