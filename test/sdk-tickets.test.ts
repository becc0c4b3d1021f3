/** Ticket types and tickets through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Tickets');

test('SDK ticketTypes: list, create, get, update; attributes.create, attributes.update', async () => {
  const { intercom } = await client();
  const seeded = await intercom.ticketTypes.list();
  assert.deepEqual(seeded.ticket_types.map((t) => t.category), ['Customer', 'Back-office']);

  const created = await intercom.ticketTypes.create({ name: 'Customer Issue', description: 'Customer Report Template', category: 'Customer', icon: '\uD83C\uDF9F\uFE0F' });
  assert.equal(created.name, 'Customer Issue');
  assert.deepEqual(created.ticket_type_attributes?.ticket_type_attributes.map((a) => a.name), ['_default_title_', '_default_description_']);

  const found = await intercom.ticketTypes.get({ ticket_type_id: created.id! });
  assert.equal(found.description, 'Customer Report Template');
  const updated = await intercom.ticketTypes.update({ ticket_type_id: created.id!, name: 'Bug Report 2' });
  assert.equal(updated.name, 'Bug Report 2');

  const attribute = await intercom.ticketTypes.attributes.create({
    ticket_type_id: created.id!,
    name: 'Attribute Title',
    description: 'Attribute Description',
    data_type: 'string',
    required_to_create: false,
  });
  assert.equal(attribute.name, 'Attribute Title');
  assert.equal(attribute.ticket_type_id, Number(created.id));
  const changed = await intercom.ticketTypes.attributes.update({ ticket_type_id: created.id!, attribute_id: attribute.id!, description: 'New Attribute Description' });
  assert.equal(changed.description, 'New Attribute Description');

  assert.equal((await intercom.ticketTypes.list()).ticket_types.length, 3);
  assert.equal(await status(intercom.ticketTypes.get({ ticket_type_id: '999999999' })), 404);
});

test('SDK tickets: create, get, update, reply (admin and contact), tags, search iterates every page', async () => {
  const { ws, intercom } = await client();
  const [customer] = (await intercom.ticketTypes.list()).ticket_types;
  const contact = await intercom.contacts.create({ email: 'sdk-ticket@example.com' });
  const created = await intercom.tickets.create({
    ticket_type_id: customer.id!,
    contacts: [{ id: contact.id }],
    ticket_attributes: { _default_title_: 'example', _default_description_: 'there is a problem' },
  });
  assert.equal(created.ticket_state, 'submitted');
  assert.equal(created.contacts.contacts?.[0].id, contact.id);

  const found = await intercom.tickets.get({ ticket_id: created.id! });
  assert.equal(found.ticket_attributes._default_title_, 'example');
  const admin = String(ws.ownerAdminId);
  const updated = await intercom.tickets.update({
    ticket_id: created.id!,
    ticket_attributes: { _default_title_: 'example 2' },
    state: 'in_progress',
    assignment: { admin_id: admin, assignee_id: admin },
  });
  assert.equal(updated.ticket_state, 'in_progress');
  assert.equal(updated.admin_assignee_id, admin);

  const note = await intercom.tickets.reply({ ticket_id: created.id!, body: { message_type: 'note', type: 'admin', body: '<p>Internal</p>', admin_id: admin } });
  assert.equal(note.part_type, 'note');
  const answer = await intercom.tickets.reply({ ticket_id: created.id!, body: { message_type: 'comment', type: 'user', body: 'Thanks again :)', intercom_user_id: contact.id } });
  assert.equal(answer.part_type, 'comment');
  assert.equal(answer.author?.id, contact.id);

  const tag = await intercom.tags.create({ name: 'sdk-ticket-tag' });
  const tagged = await intercom.tags.tagTicket({ ticket_id: created.id!, id: tag.id, admin_id: admin });
  assert.equal(tagged.id, tag.id);
  const untagged = await intercom.tags.untagTicket({ ticket_id: created.id!, tag_id: tag.id, admin_id: admin });
  assert.equal(untagged.id, tag.id);

  for (let n = 0; n < 4; n++) await intercom.tickets.create({ ticket_type_id: customer.id!, contacts: [{ id: contact.id }] });
  const seen: string[] = [];
  const pages = await intercom.tickets.search({ query: { operator: 'AND', value: [{ field: 'created_at', operator: '>', value: '1306054154' }] }, pagination: { per_page: 2 } });
  for await (const t of pages) seen.push(t.id!);
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
  assert.equal(await status(intercom.tickets.get({ ticket_id: '999999999' })), 404);
});

test('SDK conversations.convertToTicket: the conversation becomes a ticket', async () => {
  const { intercom } = await client();
  const [customer] = (await intercom.ticketTypes.list()).ticket_types;
  const contact = await intercom.contacts.create({ email: 'sdk-convert@example.com' });
  const message = await intercom.conversations.create({ from: { type: 'user', id: contact.id }, body: 'Help' });
  const converted = await intercom.conversations.convertToTicket({ conversation_id: message.conversation_id!, ticket_type_id: customer.id! });
  assert.equal(converted.id, message.conversation_id);
  assert.equal(converted.ticket_state, 'submitted');
});
