/** Data events and visitors through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK People');

test('SDK events: create (202), list, list with summary, summaries', async () => {
  const { ws, intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'events@example.com', external_id: 'ev-1' });
  const now = ws.clock.now();
  await intercom.events.create({ id: contact.id, event_name: 'invited-friend', created_at: now - 60, metadata: { invite_code: 'ADDAFRIEND' } });
  await intercom.events.create({ user_id: 'ev-1', event_name: 'invited-friend', created_at: now - 30 });
  await intercom.events.create({ email: 'events@example.com', event_name: 'invited-friend', created_at: now - 30 });
  await intercom.events.summaries({ user_id: 'ev-1', event_summaries: { event_name: 'logged-in', count: 3, first: now - 1000, last: now - 100 } });

  const listed = (await intercom.events.list({ type: 'user', intercom_user_id: contact.id })) as any;
  assert.equal(listed.type, 'event.list');
  assert.deepEqual(listed.events.map((e: any) => [e.event_name, e.created_at]), [['invited-friend', now - 30], ['invited-friend', now - 60]]);
  assert.deepEqual(listed.events[1].metadata, { invite_code: 'ADDAFRIEND' });

  const summary = await intercom.events.list({ type: 'user', user_id: 'ev-1', summary: true });
  assert.equal(summary.type, 'event.summary');
  assert.equal(summary.intercom_user_id, contact.id);
  assert.deepEqual(summary.events?.map((e) => [e.name, e.count]), [['invited-friend', 2], ['logged-in', 3]]);
  assert.equal(summary.events?.[1].last, new Date((now - 100) * 1000).toISOString());

  assert.equal(await status(intercom.events.create({ user_id: 'nobody', event_name: 'x', created_at: now })), 404);
});

test('SDK visitors: find, update, mergeToContact (a new user, then into an existing one)', async () => {
  const { ws, intercom } = await client();
  const made = (await ws.call('POST', '/_admin/visitors', { body: { name: 'Gareth' } })).body;
  const found = await intercom.visitors.find({ user_id: made.user_id });
  assert.equal(found.id, made.id);
  assert.equal(found.name, 'Gareth');
  const updated = await intercom.visitors.update({ id: made.id, name: 'Gareth Bale' });
  assert.equal(updated.name, 'Gareth Bale');

  const contact = await intercom.visitors.mergeToContact({ type: 'user', user: { user_id: 'bale-1', email: 'bale@example.com' }, visitor: { user_id: made.user_id } });
  assert.equal(contact.id, made.id);
  assert.equal(contact.role, 'user');
  assert.equal(contact.name, 'Gareth Bale');
  assert.equal(await status(intercom.visitors.find({ user_id: made.user_id })), 404);

  const second = (await ws.call('POST', '/_admin/visitors', { body: { phone: '+44 20 7946 0000' } })).body;
  const merged = await intercom.visitors.mergeToContact({ type: 'user', user: { id: contact.id, email: 'bale@example.com' }, visitor: { id: second.id } });
  assert.equal(merged.id, contact.id);
  assert.equal(merged.phone, '+44 20 7946 0000');
});
