/** Events from contacts (behaviour §14): each topic, its item as GET shows the contact then, and none from a failed write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi, type TestWorkspace } from './harness.js';

const api = await testApi();

async function create(ws: TestWorkspace, body: Record<string, unknown>) {
  const res = await ws.call('POST', '/contacts', { body });
  assert.equal(res.status, 200, res.raw);
  return res.body;
}

/** Runs `work` and returns the events it recorded, as [topic, item]. */
async function eventsOf(ws: TestWorkspace, work: () => Promise<unknown>): Promise<[string, any][]> {
  const before = (await ws.events()).length;
  await work();
  return (await ws.events()).slice(before).map((e) => [e.topic, e.item]);
}

const show = async (ws: TestWorkspace, id: string) => (await ws.call('GET', `/contacts/${id}`)).body;

test('CreateContact emits contact.user.created / contact.lead.created with the contact as GET shows it', async () => {
  const ws = await api.newWorkspace();
  let user: any;
  let lead: any;
  const events = await eventsOf(ws, async () => {
    user = await create(ws, { email: 'user@example.com' });
    lead = await create(ws, { role: 'lead', name: 'A lead' });
  });
  assert.deepEqual(events, [
    ['contact.user.created', await show(ws, user.id)],
    ['contact.lead.created', await show(ws, lead.id)],
  ]);
  assert.deepEqual(events[0][1], user);
});

test('UpdateContact emits contact.<role>.updated on a real change only, with the contact after it', async () => {
  const ws = await api.newWorkspace();
  const user = await create(ws, { email: 'u@example.com', name: 'U' });
  const lead = await create(ws, { role: 'lead', name: 'L' });
  ws.clock.advance(60);
  const nothing = await eventsOf(ws, async () => {
    await ws.call('PUT', `/contacts/${user.id}`, { body: { name: 'U', email: 'u@example.com' } });
    await ws.call('PUT', `/contacts/${lead.id}`, { body: {} });
  });
  assert.deepEqual(nothing, [], 'nothing changed, no event');
  const changed = await eventsOf(ws, async () => {
    await ws.call('PUT', `/contacts/${user.id}`, { body: { name: 'U2' } });
    await ws.call('PUT', `/contacts/${lead.id}`, { body: { phone: '+14155550100' } });
  });
  assert.deepEqual(changed, [
    ['contact.user.updated', await show(ws, user.id)],
    ['contact.lead.updated', await show(ws, lead.id)],
  ]);
  assert.equal(changed[0][1].name, 'U2');
  assert.equal(changed[0][1].updated_at, ws.clock.now());
});

test('UpdateContact: contact.email.updated when the email changes (case counts as a change)', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'old@example.com' });
  const events = await eventsOf(ws, () => ws.call('PUT', `/contacts/${c.id}`, { body: { email: 'new@example.com', name: 'N' } }));
  const after = await show(ws, c.id);
  assert.deepEqual(events, [['contact.user.updated', after], ['contact.email.updated', after]]);
  assert.equal(after.email, 'new@example.com');
  const nameOnly = await eventsOf(ws, () => ws.call('PUT', `/contacts/${c.id}`, { body: { name: 'Other' } }));
  assert.deepEqual(nameOnly.map(([topic]) => topic), ['contact.user.updated']);
});

test('UpdateContact: a lead becoming a user emits contact.user.updated and contact.lead.signed_up', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead', email: 'l@example.com' });
  const events = await eventsOf(ws, () => ws.call('PUT', `/contacts/${lead.id}`, { body: { role: 'user' } }));
  const after = await show(ws, lead.id);
  assert.equal(after.role, 'user');
  assert.deepEqual(events, [['contact.user.updated', after], ['contact.lead.signed_up', after]]);
});

test('UpdateContact: contact.unsubscribed / contact.subscribed when unsubscribed_from_emails changes', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 's@example.com' });
  const off = await eventsOf(ws, () => ws.call('PUT', `/contacts/${c.id}`, { body: { unsubscribed_from_emails: true } }));
  const unsubscribed = await show(ws, c.id);
  assert.equal(unsubscribed.unsubscribed_from_emails, true);
  assert.deepEqual(off, [['contact.user.updated', unsubscribed], ['contact.unsubscribed', unsubscribed]]);
  assert.deepEqual(await eventsOf(ws, () => ws.call('PUT', `/contacts/${c.id}`, { body: { unsubscribed_from_emails: true } })), []);
  const on = await eventsOf(ws, () => ws.call('PUT', `/contacts/${c.id}`, { body: { unsubscribed_from_emails: false } }));
  const subscribed = await show(ws, c.id);
  assert.deepEqual(on, [['contact.user.updated', subscribed], ['contact.subscribed', subscribed]]);
});

test('DeleteContact emits contact.deleted with identifiers only', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'd@example.com', external_id: 'ext-d' });
  const events = await eventsOf(ws, () => ws.call('DELETE', `/contacts/${c.id}`));
  assert.deepEqual(events, [['contact.deleted', { type: 'contact', id: c.id, external_id: 'ext-d' }]]);
  assert.deepEqual(await eventsOf(ws, () => ws.call('DELETE', `/contacts/${c.id}`)), [], 'a 404 emits nothing');
});

test('ArchiveContact / UnarchiveContact emit contact.archived / contact.unarchived only when the state changes', async () => {
  const ws = await api.newWorkspace();
  const c = await create(ws, { email: 'a@example.com' });
  ws.clock.advance(5);
  const archived = await eventsOf(ws, async () => {
    await ws.call('POST', `/contacts/${c.id}/archive`);
    await ws.call('POST', `/contacts/${c.id}/archive`);
  });
  assert.deepEqual(archived, [['contact.archived', await show(ws, c.id)]]);
  const unarchived = await eventsOf(ws, async () => {
    await ws.call('POST', `/contacts/${c.id}/unarchive`);
    await ws.call('POST', `/contacts/${c.id}/unarchive`);
  });
  assert.deepEqual(unarchived, [['contact.unarchived', await show(ws, c.id)]]);
});

test('MergeContact emits contact.deleted for the lead and contact.user.updated for the merged user', async () => {
  const ws = await api.newWorkspace();
  const lead = await create(ws, { role: 'lead', external_id: 'lead-1', phone: '+14155550111' });
  const user = await create(ws, { email: 'u@example.com' });
  const events = await eventsOf(ws, () => ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } }));
  const merged = await show(ws, user.id);
  assert.equal(merged.phone, '+14155550111');
  assert.deepEqual(events, [
    ['contact.deleted', { type: 'contact', id: lead.id, external_id: 'lead-1' }],
    ['contact.user.updated', merged],
  ]);
});

test('a failed write records no event: 409 duplicates, 400 bad input, 404 unknown ids, refused merges', async () => {
  const ws = await api.newWorkspace();
  const a = await create(ws, { email: 'a@example.com', external_id: 'a' });
  const b = await create(ws, { email: 'b@example.com' });
  const lead = await create(ws, { role: 'lead' });
  const statuses: number[] = [];
  const events = await eventsOf(ws, async () => {
    for (const [method, path, body] of [
      ['POST', '/contacts', { email: 'A@example.com' }],
      ['POST', '/contacts', { external_id: 'a', name: 'x' }],
      ['PUT', `/contacts/${b.id}`, { email: 'a@example.com', name: 'changed' }],
      ['PUT', `/contacts/${b.id}`, { name: 'changed', email: 'not-an-email' }],
      ['PUT', `/contacts/${a.id}`, { role: 'lead' }],
      ['POST', '/contacts/merge', { from: a.id, into: b.id }],
      ['POST', '/contacts/merge', { from: lead.id, into: '0123456789abcdef01234567' }],
      ['DELETE', '/contacts/0123456789abcdef01234567', undefined],
      ['POST', '/contacts/0123456789abcdef01234567/archive', undefined],
    ] as const) {
      statuses.push((await ws.call(method, path, { body })).status);
    }
  });
  assert.deepEqual(statuses, [409, 409, 409, 400, 400, 400, 404, 404, 404]);
  assert.deepEqual(events, []);
  assert.equal((await show(ws, b.id)).name, null, 'the refused update changed nothing');
});
