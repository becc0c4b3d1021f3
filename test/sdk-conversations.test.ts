/** Conversations and messages through the official client, intercom-client@6.4.0, unmodified. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApi } from './harness.js';
import { sdkClients, status } from './sdk.js';

const api = await testApi();
const baseUrl = await api.listen();

const client = sdkClients(api, baseUrl, 'SDK Conversations');

test('SDK conversations: create, find (plaintext), reply as admin and contact, manage, update, runAssignmentRules', async () => {
  const { ws, intercom } = await client();
  const admin = String(ws.ownerAdminId);
  const contact = await intercom.contacts.create({ email: 'sdk-conv@example.com' });
  const message = await intercom.conversations.create({ from: { type: 'user', id: contact.id }, body: 'Hello there' });
  assert.equal(message.type, 'user_message');
  const id = message.conversation_id;

  const found = await intercom.conversations.find({ conversation_id: id, display_as: 'plaintext' });
  assert.equal(found.source.body, 'Hello there');
  assert.equal(found.state, 'open');

  const replied = await intercom.conversations.reply({ conversation_id: id, body: { message_type: 'comment', type: 'admin', admin_id: admin, body: 'Hi!' } });
  assert.equal(replied.conversation_parts?.conversation_parts.at(-1)?.part_type, 'comment');
  const byContact = await intercom.conversations.reply({ conversation_id: 'last', body: { message_type: 'comment', type: 'user', body: 'Thanks again :)', intercom_user_id: contact.id } });
  assert.equal(byContact.id, id);

  const closed = await intercom.conversations.manage({ conversation_id: id, body: { message_type: 'close', type: 'admin', admin_id: admin } });
  assert.equal(closed.state, 'closed');
  const snoozed = await intercom.conversations.manage({ conversation_id: id, body: { message_type: 'snoozed', admin_id: admin, snoozed_until: ws.clock.now() + 60 } });
  assert.equal(snoozed.state, 'snoozed');
  const opened = await intercom.conversations.manage({ conversation_id: id, body: { message_type: 'open', admin_id: admin } });
  assert.equal(opened.state, 'open');
  const assigned = await intercom.conversations.manage({ conversation_id: id, body: { message_type: 'assignment', type: 'admin', admin_id: admin, assignee_id: admin } });
  assert.equal(assigned.admin_assignee_id, Number(admin));

  const updated = await intercom.conversations.update({ conversation_id: id, display_as: 'plaintext', read: true, custom_attributes: { issue_type: 'Billing', priority: 'High' } });
  assert.equal(updated.read, true);
  assert.deepEqual(updated.custom_attributes, { issue_type: 'Billing', priority: 'High' });

  const ruled = await intercom.conversations.runAssignmentRules({ conversation_id: id });
  assert.equal(ruled.admin_assignee_id, null);
  assert.equal(await status(intercom.conversations.find({ conversation_id: '999999' })), 404);
});

test('SDK conversations: attach and detach a contact, redact, tag and untag', async () => {
  const { ws, intercom } = await client();
  const admin = String(ws.ownerAdminId);
  const first = await intercom.contacts.create({ email: 'first@example.com' });
  const second = await intercom.contacts.create({ email: 'second@example.com' });
  const { conversation_id: id } = await intercom.conversations.create({ from: { type: 'user', id: first.id }, body: 'card 4242' });

  const attached = await intercom.conversations.attachContactAsAdmin({ conversation_id: id, admin_id: admin, customer: { intercom_user_id: second.id } });
  assert.equal(attached.contacts.contacts.length, 2);
  const detached = await intercom.conversations.detachContactAsAdmin({ conversation_id: id, contact_id: second.id, admin_id: admin });
  assert.equal(detached.contacts.contacts.length, 1);

  const found = await intercom.conversations.find({ conversation_id: id });
  const redacted = await intercom.conversations.redactConversationPart({ type: 'source', conversation_id: id, source_id: found.source.id });
  assert.equal(redacted.source.redacted, true);
  assert.equal(await status(intercom.conversations.redactConversationPart({ type: 'conversation_part', conversation_id: 'really_123_doesnt_exist', conversation_part_id: 'really_123_doesnt_exist' })), 404);

  const tag = await intercom.tags.create({ name: 'sdk-tag' });
  const tagged = await intercom.tags.tagConversation({ conversation_id: id, id: tag.id, admin_id: admin });
  assert.equal(tagged.name, 'sdk-tag');
  const untagged = await intercom.tags.untagConversation({ conversation_id: id, tag_id: tag.id, admin_id: admin });
  assert.equal(untagged.id, tag.id);
  assert.equal((await intercom.conversations.find({ conversation_id: id })).tags?.tags.length, 0);
});

test('SDK conversations: list and search iterate every page to the end', async () => {
  const { intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'pager@example.com' });
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++) ids.add((await intercom.conversations.create({ from: { type: 'user', id: contact.id }, body: `support request ${i}` })).conversation_id);

  const listed: string[] = [];
  for await (const conversation of await intercom.conversations.list({ per_page: 2 })) listed.push(conversation.id);
  assert.deepEqual(new Set(listed), ids);
  assert.equal(listed.length, 5);

  const searched: string[] = [];
  const pages = await intercom.conversations.search({
    query: { operator: 'AND', value: [{ field: 'created_at', operator: '>', value: '1306054154' }, { field: 'source.body', operator: '=', value: 'support' }] },
    pagination: { per_page: 2 },
  });
  for await (const conversation of pages) searched.push(conversation.id);
  assert.deepEqual(new Set(searched), ids);
  assert.equal(searched.length, 5);
});

test('SDK messages: create an email and an in-app message (the SDK spells it "inapp")', async () => {
  const { ws, intercom } = await client();
  const contact = await intercom.contacts.create({ email: 'mail@example.com' });
  const email = await intercom.messages.create({
    message_type: 'email',
    subject: 'Thanks for everything',
    body: 'Hello there',
    template: 'plain',
    from: { type: 'admin', id: Number(ws.ownerAdminId) },
    to: { type: 'user', id: contact.id },
  });
  assert.equal(email.type, 'admin_message');
  assert.equal(email.message_type, 'email');
  const conversation = await intercom.conversations.find({ conversation_id: email.conversation_id });
  assert.equal(conversation.source.subject, 'Thanks for everything');
  const inapp = await intercom.messages.create({ message_type: 'inapp', body: 'Hi', from: { type: 'admin', id: Number(ws.ownerAdminId) }, to: { type: 'user', id: contact.id } } as never);
  assert.equal(inapp.message_type, 'inapp');
  assert.equal(await status(intercom.messages.create({ message_type: 'email', body: 'x', template: 'plain', from: { type: 'admin', id: Number(ws.ownerAdminId) }, to: { type: 'user', id: contact.id } } as never)), 422);
});
