import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';
import { contactIn, eventsDuring, startConversation } from './conversations-helpers.js';

const api = await testApi();

test('listConversations: newest activity first, cursor pages of per_page, no next on the last page; list items have no parts', async () => {
  const ws = await api.newWorkspace();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await startConversation(ws)).conversationId);
    ws.clock.advance(10);
  }
  // A reply moves the first conversation to the front.
  await ws.call('POST', `/conversations/${ids[0]}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: String(ws.ownerAdminId), body: 'hi' } });
  const seen: string[] = [];
  let url = '/conversations?per_page=2';
  for (let guard = 0; guard < 5; guard++) {
    const page = await ws.call('GET', url);
    assert.equal(page.status, 200, page.raw);
    assert.equal(page.body.type, 'conversation.list');
    assert.equal(page.body.total_count, 5);
    for (const c of page.body.conversations) assert.equal(c.conversation_parts, undefined);
    seen.push(...page.body.conversations.map((c: any) => c.id));
    const next = page.body.pages.next;
    if (!next) break;
    url = `/conversations?per_page=2&starting_after=${next.starting_after}`;
  }
  assert.deepEqual(seen, [ids[0], ids[4], ids[3], ids[2], ids[1]]);
  assert.equal((await ws.call('GET', '/conversations?starting_after=garbage')).status, 400);
  const empty = await (await api.newWorkspace()).call('GET', '/conversations');
  assert.deepEqual([empty.body.total_count, empty.body.conversations], [0, []]);
});

test('retrieveConversation: display_as=plaintext shows bodies without HTML; at most the 500 most recent parts', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws, {}, 'Line one\n\nLine two & three');
  const plain = await ws.call('GET', `/conversations/${conversationId}?display_as=plaintext`);
  assert.equal(plain.body.source.body, 'Line one\nLine two & three');
  const html = await ws.call('GET', `/conversations/${conversationId}`);
  assert.equal(html.body.source.body, '<p>Line one</p><p>Line two &amp; three</p>');
  assert.equal((await ws.call('GET', '/conversations/123456789')).status, 404);
});

test('retrieveConversation: a conversation with more than 500 parts shows the 500 most recent, oldest first, and counts them all', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  for (let i = 0; i < 501; i++) {
    await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'note', type: 'admin', admin_id: admin, body: `note ${i}` } });
  }
  const conv = (await ws.call('GET', `/conversations/${conversationId}`)).body;
  assert.equal(conv.conversation_parts.total_count, 501);
  assert.equal(conv.conversation_parts.conversation_parts.length, 500);
  assert.equal(conv.conversation_parts.conversation_parts[0].body, '<p>note 1</p>');
  assert.equal(conv.conversation_parts.conversation_parts[499].body, '<p>note 500</p>');
  assert.equal(conv.statistics.count_conversation_parts, 501);
});

test('updateConversation: read and custom attributes (merged, null removes); each change writes an attribute part by Operator', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('PUT', `/conversations/${conversationId}`, { body: { read: true, custom_attributes: { issue_type: 'Billing', priority_score: 3 } } });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.read, true);
    assert.deepEqual(res.body.custom_attributes, { issue_type: 'Billing', priority_score: 3 });
    const parts = res.body.conversation_parts.conversation_parts;
    assert.deepEqual(parts.map((p: any) => p.part_type), ['conversation_attribute_updated_by_admin', 'conversation_attribute_updated_by_admin']);
    assert.deepEqual([parts[0].author.type, parts[0].author.name], ['bot', 'Operator']);
    const again = await ws.call('PUT', `/conversations/${conversationId}`, { body: { custom_attributes: { issue_type: null, priority_score: 3 } } });
    assert.deepEqual(again.body.custom_attributes, { priority_score: 3 });
    assert.equal(again.body.conversation_parts.total_count, 3, 'only the real change wrote a part');
  });
  assert.deepEqual(events, [], 'no §14 topic covers an update');
  const bad = await ws.call('PUT', `/conversations/${conversationId}`, { body: { custom_attributes: { nested: { a: 1 } } } });
  assert.equal(bad.status, 400);
  assert.equal(firstError(bad).code, 'parameter_invalid');
});

test('autoAssignConversation: no assignment rules match, so Operator assigns the conversation to nobody', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  await ws.call('POST', `/conversations/${conversationId}/parts`, { body: { message_type: 'assignment', type: 'admin', admin_id: admin, assignee_id: admin } });
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', `/conversations/${conversationId}/run_assignment_rules`);
    assert.equal(res.status, 200, res.raw);
    assert.deepEqual([res.body.admin_assignee_id, res.body.team_assignee_id], [null, null]);
    const part = res.body.conversation_parts.conversation_parts.at(-1);
    assert.equal(part.part_type, 'default_assignment');
    assert.deepEqual(part.assigned_to, { type: 'nobody_admin', id: null });
    assert.equal(part.author.type, 'bot');
  });
  assert.deepEqual(events.map(([t]) => t), ['conversation.admin.assigned']);
});

test('attach and detach contacts: by id, user_id or email (an unknown email makes a lead); never the last customer', async () => {
  const ws = await api.newWorkspace();
  const { contact, conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  const other = await contactIn(ws, { external_id: 'ext-9' });
  ws.clock.advance(1);
  const attach = (customer: Record<string, unknown>) => ws.call('POST', `/conversations/${conversationId}/customers`, { body: { admin_id: admin, customer } });

  const byUserId = await attach({ user_id: 'ext-9' });
  assert.equal(byUserId.status, 200, byUserId.raw);
  assert.deepEqual(byUserId.body.contacts.contacts.map((c: any) => c.id), [contact.id, other.id]);
  assert.equal(byUserId.body.conversation_parts.conversation_parts.at(-1).part_type, 'participant_added');

  ws.clock.advance(1);
  const events = await eventsDuring(ws, async () => {
    const byEmail = await attach({ email: 'brand-new@example.com' });
    assert.equal(byEmail.body.contacts.contacts.length, 3);
  });
  assert.deepEqual(events.map(([t]) => t), ['contact.lead.created']);
  const lead = events[0][1];
  assert.equal(lead.role, 'lead');

  assert.equal((await attach({ intercom_user_id: '0123456789abcdef01234567' })).status, 404);

  const detach = (id: string) => ws.call('DELETE', `/conversations/${conversationId}/customers/${id}`, { body: { admin_id: admin } });
  assert.equal((await detach(other.id)).status, 200);
  const afterLead = await detach(lead.id);
  assert.deepEqual(afterLead.body.contacts.contacts.map((c: any) => c.id), [contact.id]);
  assert.equal(afterLead.body.conversation_parts.conversation_parts.at(-1).part_type, 'participant_removed');
  const last = await detach(contact.id);
  assert.equal(last.status, 422);
  assert.deepEqual([firstError(last).code, firstError(last).message], ['parameter_invalid', 'Removing the last customer is not allowed']);
});

test('redactConversation: a part or the contact\'s source becomes "This message was deleted"; what cannot be redacted is 400', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws, {}, 'my card is 4242');
  const admin = String(ws.ownerAdminId);
  const reply = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: admin, body: 'secret' } });
  const part = reply.body.conversation_parts.conversation_parts[0];
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', '/conversations/redact', { body: { type: 'conversation_part', conversation_id: conversationId, conversation_part_id: part.id } });
    assert.equal(res.status, 200, res.raw);
    const redacted = res.body.conversation_parts.conversation_parts[0];
    assert.deepEqual([redacted.body, redacted.redacted], ['<p><i>This message was deleted</i></p>', true]);
    const source = await ws.call('POST', '/conversations/redact', { body: { type: 'source', conversation_id: conversationId, source_id: reply.body.source.id } });
    assert.deepEqual([source.body.source.body, source.body.source.redacted], ['<p><i>This message was deleted</i></p>', true]);
  });
  assert.deepEqual(events.map(([t]) => t), ['conversation_part.redacted', 'conversation_part.redacted']);
  const search = await ws.call('POST', '/conversations/search', { body: { query: { field: 'source.body', operator: '=', value: '4242' } } });
  assert.equal(search.body.total_count, 0, 'the redacted text is no longer found');

  const closed = await ws.call('POST', `/conversations/${conversationId}/parts`, { body: { message_type: 'close', type: 'admin', admin_id: admin } });
  const closePart = closed.body.conversation_parts.conversation_parts.at(-1);
  const noBody = await ws.call('POST', '/conversations/redact', { body: { type: 'conversation_part', conversation_id: conversationId, conversation_part_id: closePart.id } });
  assert.deepEqual([noBody.status, firstError(noBody).code], [400, 'conversation_part_not_redactable']);
  const missing = await ws.call('POST', '/conversations/redact', { body: { type: 'conversation_part', conversation_id: conversationId, conversation_part_id: '999999' } });
  assert.deepEqual([missing.status, firstError(missing).code], [404, 'conversation_part_or_message_not_found']);

  const message = await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'Hi', from: { type: 'admin', id: Number(admin) }, to: { type: 'user', id: (await contactIn(ws)).id } } });
  const adminSource = await ws.call('POST', '/conversations/redact', { body: { type: 'source', conversation_id: message.body.conversation_id, source_id: message.body.id } });
  assert.deepEqual([adminSource.status, firstError(adminSource).code], [400, 'conversation_part_not_redactable']);
});

test('conversation tags: attach (again is a no-op), detach with admin_id in the DELETE body; unknown conversation, tag, admin', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  const tag = (await ws.call('POST', '/tags', { body: { name: 'Urgent' } })).body;
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', `/conversations/${conversationId}/tags`, { body: { id: tag.id, admin_id: admin } });
    assert.equal(res.status, 200, res.raw);
    assert.deepEqual([res.body.type, res.body.id, res.body.name], ['tag', tag.id, 'Urgent']);
    await ws.call('POST', `/conversations/${conversationId}/tags`, { body: { id: tag.id, admin_id: admin } });
  });
  assert.deepEqual(events.map(([t]) => t), ['conversation_part.tag.created']);
  const conv = (await ws.call('GET', `/conversations/${conversationId}`)).body;
  assert.deepEqual(conv.tags.tags.map((t: any) => [t.id, t.name, t.applied_by.id]), [[tag.id, 'Urgent', admin]]);
  const found = await ws.call('POST', '/conversations/search', { body: { query: { field: 'tag_ids', operator: '=', value: tag.id } } });
  assert.deepEqual(found.body.conversations.map((c: any) => c.id), [conversationId]);

  const detached = await ws.call('DELETE', `/conversations/${conversationId}/tags/${tag.id}`, { body: { admin_id: admin } });
  assert.equal(detached.status, 200, detached.raw);
  assert.equal((await ws.call('GET', `/conversations/${conversationId}`)).body.tags.tags.length, 0);

  const noConversation = await ws.call('POST', '/conversations/999999/tags', { body: { id: tag.id, admin_id: admin } });
  assert.deepEqual(firstError(noConversation), { code: 'not_found', message: 'Conversation not found' });
  const noTag = await ws.call('DELETE', `/conversations/${conversationId}/tags/999999`, { body: { admin_id: admin } });
  assert.deepEqual([noTag.status, firstError(noTag).code], [404, 'tag_not_found']);
  const noAdmin = await ws.call('POST', `/conversations/${conversationId}/tags`, { body: { id: tag.id, admin_id: '999999' } });
  assert.deepEqual([noAdmin.status, firstError(noAdmin).code], [404, 'admin_not_found']);
});

test('createMessage: an admin\'s in-app message or email makes a closed conversation the contact\'s reply opens; email needs a subject', async () => {
  const ws = await api.newWorkspace();
  const contact = await contactIn(ws);
  const admin = Number(ws.ownerAdminId);
  const events = await eventsDuring(ws, async () => {
    const inapp = await ws.call('POST', '/messages', { body: { message_type: 'in_app', body: 'Welcome!', from: { type: 'admin', id: admin }, to: { type: 'user', id: contact.id } } });
    assert.equal(inapp.status, 200, inapp.raw);
    assert.deepEqual([inapp.body.type, inapp.body.message_type, inapp.body.body], ['admin_message', 'inapp', '<p>Welcome!</p>']);
    assert.equal(inapp.body.owner.id, String(admin));
    const conv = (await ws.call('GET', `/conversations/${inapp.body.conversation_id}`)).body;
    assert.deepEqual([conv.state, conv.source.delivered_as, conv.source.type, conv.source.author.type, conv.source.id], ['closed', 'admin_initiated', 'conversation', 'admin', inapp.body.id]);

    const email = await ws.call('POST', '/messages', {
      body: { message_type: 'email', subject: 'Hello', template: 'plain', body: 'Mail body', from: { type: 'admin', id: admin }, to: { type: 'user', id: contact.id } },
    });
    assert.deepEqual([email.body.message_type, email.body.subject], ['email', 'Hello']);
    const viaSdkSpelling = await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'x', from: { type: 'admin', id: admin }, to: { type: 'user', id: contact.id } } });
    assert.equal(viaSdkSpelling.status, 200, viaSdkSpelling.raw);

    const reply = await ws.call('POST', `/conversations/${inapp.body.conversation_id}/reply`, { body: { message_type: 'comment', type: 'user', intercom_user_id: contact.id, body: 'Thanks' } });
    assert.equal(reply.body.state, 'open');
    assert.equal(reply.body.conversation_parts.conversation_parts[0].part_type, 'open');
  });
  assert.deepEqual(events.map(([t]) => t), ['conversation.admin.single.created', 'conversation.admin.single.created', 'conversation.admin.single.created', 'conversation.user.replied']);

  const noSubject = await ws.call('POST', '/messages', { body: { message_type: 'email', body: 'x', template: 'plain', from: { type: 'admin', id: admin }, to: { type: 'user', id: contact.id } } });
  assert.deepEqual([noSubject.status, firstError(noSubject).message], [422, 'No subject supplied for email message']);
  const noBody = await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: null, from: { type: 'admin', id: admin }, to: { type: 'user', id: contact.id } } });
  assert.equal(noBody.status, 400);
  const fromContact = await ws.call('POST', '/messages', { body: { message_type: 'inapp', body: 'Help', from: { type: 'user', id: contact.id } } });
  assert.equal(fromContact.status, 200, fromContact.raw);
  assert.equal(fromContact.body.type, 'user_message');
});

test('a lead merged into a user keeps its conversations: they become the user\'s, with the parts it wrote', async () => {
  const ws = await api.newWorkspace();
  const lead = (await ws.call('POST', '/contacts', { body: { role: 'lead', name: 'Lee' } })).body;
  const user = await contactIn(ws, { name: 'Uma' });
  const started = await ws.call('POST', '/conversations', { body: { from: { type: 'lead', id: lead.id }, body: 'hi' } });
  const id = started.body.conversation_id;
  const before = (await ws.call('GET', `/conversations/${id}`)).body;
  assert.equal(before.source.author.type, 'lead');
  const merged = await ws.call('POST', '/contacts/merge', { body: { from: lead.id, into: user.id } });
  assert.equal(merged.status, 200, merged.raw);
  const after = (await ws.call('GET', `/conversations/${id}`)).body;
  assert.deepEqual(after.contacts.contacts.map((c: any) => c.id), [user.id]);
  assert.deepEqual([after.source.author.id, after.source.author.type], [user.id, 'user']);
  const reply = await ws.call('POST', '/conversations/last/reply', { body: { message_type: 'comment', type: 'user', intercom_user_id: user.id, body: 'still me' } });
  assert.equal(reply.body.id, id);
});
