/** Contacts, tags, notes and subscriptions through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Contacts');

test('SDK contacts: create, find, update, delete', async () => {
  const { ws, intercom } = await client();
  const created = await intercom.contacts.create({ email: 'sdk@example.com', name: 'Sdk User', external_id: 'sdk-1' });
  assert.equal(created.type, 'contact');
  assert.equal(created.role, 'user');
  assert.equal(created.email_domain, 'example.com');
  assert.equal(created.workspace_id, ws.id);

  const found = await intercom.contacts.find({ contact_id: created.id });
  assert.equal(found.external_id, 'sdk-1');
  assert.equal(found.tags?.total_count, 0);

  const updated = await intercom.contacts.update({ contact_id: created.id, name: 'Renamed', phone: '+14155550123' });
  assert.equal(updated.name, 'Renamed');
  assert.equal(updated.phone, '+14155550123');
  assert.equal(updated.email, 'sdk@example.com');

  assert.equal(await status(intercom.contacts.create({ email: 'SDK@example.com' })), 409);

  const deleted = await intercom.contacts.delete({ contact_id: created.id });
  assert.equal(deleted.deleted, true);
  assert.equal(deleted.id, created.id);
  assert.equal(await status(intercom.contacts.find({ contact_id: created.id })), 404);
});

test('SDK contacts: list iterates every contact once over several pages', async () => {
  const { intercom } = await client();
  const ids = new Set<string>();
  for (let i = 0; i < 12; i++) ids.add((await intercom.contacts.create({ email: `page${i}@example.com` })).id);
  const seen: string[] = [];
  const pager = await intercom.contacts.list({ per_page: 5 });
  for await (const contact of pager) seen.push(contact.id);
  assert.equal(seen.length, 12);
  assert.deepEqual(new Set(seen), ids);
  const firstPage = await intercom.contacts.list({ per_page: 5 });
  assert.equal(firstPage.data.length, 5);
  assert.ok(firstPage.hasNextPage());
});

test('SDK contacts: archive, unarchive and merge a lead into a user', async () => {
  const { intercom } = await client();
  const user = await intercom.contacts.create({ email: 'keeper@example.com' });
  const lead = await intercom.contacts.create({ role: 'lead', name: 'Lead' });

  const archived = await intercom.contacts.archive({ contact_id: user.id });
  assert.equal(archived.archived, true);
  const listed: string[] = [];
  for await (const c of await intercom.contacts.list()) listed.push(c.id);
  assert.deepEqual(listed, [lead.id]);
  const unarchived = await intercom.contacts.unarchive({ contact_id: user.id });
  assert.equal(unarchived.archived, false);

  const tag = await intercom.tags.create({ name: 'lead-tag' });
  await intercom.tags.tagContact({ contact_id: lead.id, id: tag.id });
  await intercom.notes.create({ contact_id: lead.id, body: 'about the lead' });
  const merged = await intercom.contacts.mergeLeadInUser({ from: lead.id, into: user.id });
  assert.equal(merged.id, user.id);
  assert.equal(merged.name, 'Lead');
  assert.deepEqual(merged.tags?.data?.map((t) => t.id), [tag.id]);
  assert.equal(merged.notes?.total_count, 1);
  assert.equal(await status(intercom.contacts.find({ contact_id: lead.id })), 404);
});

test('SDK tags: tag and untag a contact, bulk-tag through tags.create, list a contact\'s tags', async () => {
  const { ws, intercom } = await client();
  const a = await intercom.contacts.create({ email: 'ta@example.com' });
  const b = await intercom.contacts.create({ email: 'tb@example.com' });
  const tag = await intercom.tags.create({ name: 'sdk-tag' });
  const applied = await intercom.tags.tagContact({ contact_id: a.id, id: tag.id });
  assert.equal(applied.id, tag.id);
  assert.equal(applied.applied_by?.id, String(ws.ownerAdminId));
  const tags = await intercom.contacts.listAttachedTags({ contact_id: a.id });
  assert.deepEqual(tags.data?.map((t) => t.name), ['sdk-tag']);
  const removed = await intercom.tags.untagContact({ contact_id: a.id, tag_id: tag.id });
  assert.equal(removed.id, tag.id);
  assert.deepEqual((await intercom.contacts.listAttachedTags({ contact_id: a.id })).data, []);

  const bulk = await intercom.tags.create({ name: 'bulk-sdk', users: [{ id: a.id }, { id: b.id }] });
  assert.equal(bulk.name, 'bulk-sdk');
  assert.deepEqual((await intercom.contacts.listAttachedTags({ contact_id: b.id })).data?.map((t) => t.id), [bulk.id]);
  assert.equal(await status(intercom.tags.create({ name: 'x', users: [{ id: '0123456789abcdef01234567' }] })), 404);

  const companies = await intercom.contacts.listAttachedCompanies({ contact_id: a.id });
  assert.deepEqual(companies.data, []);
});

test('SDK notes: create, find, list (paged until empty)', async () => {
  const { ws, intercom } = await client();
  const c = await intercom.contacts.create({ email: 'notes@example.com' });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await intercom.notes.create({ contact_id: c.id, body: `Note ${i}` })).id);
  const found = await intercom.notes.find({ note_id: ids[0] });
  assert.equal(found.body, '<p>Note 0</p>');
  assert.equal(found.author?.id, String(ws.ownerAdminId));
  assert.equal(found.contact?.id, c.id);
  const seen: string[] = [];
  for await (const note of await intercom.notes.list({ contact_id: c.id, per_page: 2 })) seen.push(note.id);
  assert.deepEqual(seen, [...ids].reverse());
});

test('SDK subscriptions: list types, attach, list attached, detach', async () => {
  const { intercom } = await client();
  const c = await intercom.contacts.create({ email: 'subs@example.com' });
  const types = await intercom.subscriptionTypes.list();
  const optOut = types.data!.find((t) => t.consent_type === 'opt_out')!;
  const attached = await intercom.contacts.attachSubscription({ contact_id: c.id, id: optOut.id, consent_type: 'opt_out' });
  assert.equal(attached.id, optOut.id);
  const mine = await intercom.contacts.listAttachedSubscriptions({ contact_id: c.id });
  assert.deepEqual(mine.data?.map((t) => t.id), [optOut.id]);
  const detached = await intercom.contacts.detachSubscription({ contact_id: c.id, subscription_id: optOut.id });
  assert.equal(detached.id, optOut.id);
  assert.deepEqual((await intercom.contacts.listAttachedSubscriptions({ contact_id: c.id })).data, []);
  assert.equal(await status(intercom.contacts.attachSubscription({ contact_id: c.id, id: '999999999', consent_type: 'opt_in' })), 404);
});
