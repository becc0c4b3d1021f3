import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';
import { contactIn, eventsDuring, startConversation } from './conversations-helpers.js';

const api = await testApi();

test('createConversation: a contact starts a conversation; the answer is the user message with its conversation_id', async () => {
  const ws = await api.newWorkspace();
  const contact = await contactIn(ws, { email: 'ada@example.com', name: 'Ada' });
  const events = await eventsDuring(ws, async () => {
    const res = await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contact.id }, body: 'Hello there' } });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.type, 'user_message');
    assert.equal(res.body.message_type, 'inapp');
    assert.equal(res.body.body, '<p>Hello there</p>');
    assert.match(res.body.conversation_id, /^\d+$/);
    assert.equal(res.body.created_at, ws.clock.now());

    const conv = (await ws.call('GET', `/conversations/${res.body.conversation_id}`)).body;
    assert.equal(conv.type, 'conversation');
    assert.equal(conv.state, 'open');
    assert.equal(conv.open, true);
    assert.equal(conv.read, false);
    assert.equal(conv.waiting_since, ws.clock.now(), 'the contact waits for an answer');
    assert.equal(conv.admin_assignee_id, null);
    assert.equal(conv.source.id, res.body.id, 'the source is the message');
    assert.equal(conv.source.delivered_as, 'customer_initiated');
    assert.deepEqual(conv.source.author, { type: 'user', id: contact.id, name: 'Ada', email: 'ada@example.com' });
    assert.deepEqual(conv.contacts, { type: 'contact.list', contacts: [{ type: 'contact', id: contact.id, external_id: null }] });
    assert.deepEqual(conv.first_contact_reply, { created_at: ws.clock.now(), type: 'conversation', url: null });
    assert.equal(conv.statistics.first_contact_reply_at, ws.clock.now());
    assert.equal(conv.statistics.count_conversation_parts, 0);
    assert.deepEqual(conv.conversation_parts, { type: 'conversation_part.list', conversation_parts: [], total_count: 0 });
    assert.equal(conv.ticket, null);
  });
  assert.deepEqual(events.map(([topic]) => topic), ['conversation.user.created']);
  assert.equal(events[0][1].source.body, '<p>Hello there</p>');
});

test('createConversation: an unknown or foreign contact is 404 "User Not Found", and nothing is created', async () => {
  const ws = await api.newWorkspace();
  const other = await api.newWorkspace();
  const foreign = await contactIn(other, { email: 'x@example.com' });
  for (const id of [foreign.id, '0123456789abcdef01234567']) {
    const res = await ws.call('POST', '/conversations', { body: { from: { type: 'user', id }, body: 'Hi' } });
    assert.equal(res.status, 404);
    assert.deepEqual(firstError(res), { code: 'not_found', message: 'User Not Found' });
  }
  assert.equal((await ws.call('GET', '/conversations')).body.total_count, 0);
});

test('replyConversation: admin comment answers the wait, contact reply waits again, notes change nothing; parts carry their authors', async () => {
  const ws = await api.newWorkspace();
  const { contact, conversationId } = await startConversation(ws);
  ws.clock.advance(120);
  const events = await eventsDuring(ws, async () => {
    const reply = await ws.call('POST', `/conversations/${conversationId}/reply`, {
      body: { message_type: 'comment', type: 'admin', admin_id: String(ws.ownerAdminId), body: 'How can I help?' },
    });
    assert.equal(reply.status, 200, reply.raw);
    assert.equal(reply.body.waiting_since, null);
    assert.equal(reply.body.read, true);
    const part = reply.body.conversation_parts.conversation_parts.at(-1);
    assert.equal(part.part_type, 'comment');
    assert.equal(part.body, '<p>How can I help?</p>');
    assert.equal(part.author.type, 'admin');
    assert.equal(part.author.id, String(ws.ownerAdminId));
    assert.equal(reply.body.statistics.first_admin_reply_at, ws.clock.now());
    assert.equal(reply.body.statistics.time_to_admin_reply, 120);
    assert.equal(reply.body.statistics.median_time_to_reply, 120);
    assert.deepEqual(reply.body.teammates.teammates, [{ type: 'admin', id: String(ws.ownerAdminId) }]);

    ws.clock.advance(30);
    const note = await ws.call('POST', `/conversations/${conversationId}/reply`, {
      body: { message_type: 'note', type: 'admin', admin_id: String(ws.ownerAdminId), body: '<b>VIP</b>' },
    });
    assert.equal(note.body.conversation_parts.conversation_parts.at(-1).part_type, 'note');
    assert.equal(note.body.conversation_parts.conversation_parts.at(-1).body, '<b>VIP</b>', 'HTML kept');
    assert.equal(note.body.state, 'open');

    ws.clock.advance(30);
    const back = await ws.call('POST', `/conversations/${conversationId}/reply`, {
      body: { message_type: 'comment', type: 'user', intercom_user_id: contact.id, body: 'Thanks!' },
    });
    assert.equal(back.status, 200, back.raw);
    assert.equal(back.body.waiting_since, ws.clock.now());
    assert.equal(back.body.read, false);
    const last = back.body.conversation_parts.conversation_parts.at(-1);
    assert.equal(last.part_type, 'comment');
    assert.equal(last.author.type, 'user');
    assert.equal(last.author.id, contact.id);
    assert.equal(back.body.statistics.last_contact_reply_at, ws.clock.now());
    assert.equal(back.body.statistics.count_conversation_parts, 3);
  });
  assert.deepEqual(events.map(([t]) => t), ['conversation.admin.replied', 'conversation.admin.noted', 'conversation.user.replied']);
});

test('replyConversation: a contact by user_id or email, the path id `last`, and the 404s for unknown admins, contacts and outsiders', async () => {
  const ws = await api.newWorkspace();
  const { contact, conversationId } = await startConversation(ws, { email: 'lin@example.com', external_id: 'u-1' });
  ws.clock.advance(10);
  const second = await ws.call('POST', '/conversations', { body: { from: { type: 'user', id: contact.id }, body: 'Another thing' } });
  const byUserId = await ws.call('POST', '/conversations/last/reply', { body: { message_type: 'comment', type: 'user', user_id: 'u-1', body: 'one' } });
  assert.equal(byUserId.status, 200, byUserId.raw);
  assert.equal(byUserId.body.id, second.body.conversation_id, '`last` is the contact\'s latest conversation');
  const byEmail = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'user', email: 'LIN@example.com', body: 'two' } });
  assert.equal(byEmail.status, 200, byEmail.raw);

  const unknownAdmin = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: '999999', body: 'x' } });
  assert.deepEqual([unknownAdmin.status, firstError(unknownAdmin).code], [404, 'admin_not_found']);
  const unknownContact = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'user', email: 'who@example.com', body: 'x' } });
  assert.deepEqual([unknownContact.status, firstError(unknownContact).message], [404, 'User Not Found']);
  const outsider = await contactIn(ws, { email: 'out@example.com' });
  const notTheirs = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'user', intercom_user_id: outsider.id, body: 'x' } });
  assert.equal(notTheirs.status, 404);
  const noConversation = await ws.call('POST', '/conversations/424242/reply', { body: { message_type: 'comment', type: 'admin', admin_id: String(ws.ownerAdminId), body: 'x' } });
  assert.deepEqual([noConversation.status, firstError(noConversation).message], [404, 'Resource Not Found']);
  const empty = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: String(ws.ownerAdminId), body: ' ' } });
  assert.equal(empty.status, 400);
});

test('manageConversation: close, reopen by a contact reply, snooze, open, assign (admin, team, "0"); each part and topic', async () => {
  const ws = await api.newWorkspace();
  const { contact, conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  const manage = (body: Record<string, unknown>) => ws.call('POST', `/conversations/${conversationId}/parts`, { body: { admin_id: admin, ...body } });
  const lastPart = (conv: any) => conv.conversation_parts.conversation_parts.at(-1);
  const team = (await ws.call('GET', '/teams')).body.teams[0];

  const events = await eventsDuring(ws, async () => {
    ws.clock.advance(60);
    const closed = await manage({ message_type: 'close', type: 'admin', body: 'Done' });
    assert.equal(closed.status, 200, closed.raw);
    assert.deepEqual([closed.body.state, closed.body.open], ['closed', false]);
    assert.equal(lastPart(closed.body).part_type, 'close');
    assert.equal(lastPart(closed.body).body, '<p>Done</p>');
    assert.equal(closed.body.statistics.first_close_at, ws.clock.now());
    assert.equal(closed.body.statistics.time_to_first_close, 60);
    assert.equal(closed.body.statistics.last_closed_by_id, admin);

    ws.clock.advance(60);
    const reopened = await ws.call('POST', `/conversations/${conversationId}/reply`, { body: { message_type: 'comment', type: 'user', intercom_user_id: contact.id, body: 'Wait' } });
    assert.equal(reopened.body.state, 'open');
    assert.equal(lastPart(reopened.body).part_type, 'open');
    assert.equal(lastPart(reopened.body).body, '<p>Wait</p>');
    assert.equal(reopened.body.statistics.count_reopens, 1);

    const until = ws.clock.now() + 3600;
    const snoozed = await manage({ message_type: 'snoozed', snoozed_until: until });
    assert.deepEqual([snoozed.body.state, snoozed.body.open, snoozed.body.snoozed_until], ['snoozed', true, until]);
    assert.equal(lastPart(snoozed.body).part_type, 'snoozed');

    const opened = await manage({ message_type: 'open' });
    assert.deepEqual([opened.body.state, opened.body.snoozed_until], ['open', null]);
    assert.equal(lastPart(opened.body).part_type, 'open');

    const assigned = await manage({ message_type: 'assignment', type: 'admin', assignee_id: admin });
    assert.equal(assigned.body.admin_assignee_id, Number(admin));
    assert.equal(lastPart(assigned.body).part_type, 'assignment');
    assert.deepEqual(lastPart(assigned.body).assigned_to, { type: 'admin', id: admin });
    assert.equal(assigned.body.statistics.count_assignments, 1);
    assert.equal(assigned.body.statistics.last_assignment_at, ws.clock.now());

    const toTeam = await manage({ message_type: 'assignment', type: 'team', assignee_id: team.id });
    assert.deepEqual([toTeam.body.admin_assignee_id, toTeam.body.team_assignee_id], [Number(admin), Number(team.id)]);

    const unassigned = await manage({ message_type: 'assignment', type: 'admin', assignee_id: '0' });
    assert.equal(unassigned.body.admin_assignee_id, null);
    assert.deepEqual(lastPart(unassigned.body).assigned_to, { type: 'nobody_admin', id: null });

    await manage({ message_type: 'close', type: 'admin' });
    const reassigned = await manage({ message_type: 'assignment', type: 'admin', assignee_id: admin });
    assert.equal(lastPart(reassigned.body).part_type, 'assign_and_reopen');
    assert.equal(reassigned.body.state, 'open');
    assert.equal(reassigned.body.statistics.count_reopens, 2);
  });
  assert.deepEqual(events.map(([t]) => t), [
    'conversation.admin.closed', 'conversation.user.replied', 'conversation.admin.snoozed', 'conversation.admin.opened',
    'conversation.admin.assigned', 'conversation.admin.assigned', 'conversation.admin.assigned', 'conversation.admin.closed', 'conversation.admin.assigned',
  ]);
});

test('manageConversation: unknown admin, assignee or team is 404; a snooze in the past is 400; nothing changes', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const manage = (body: Record<string, unknown>) => ws.call('POST', `/conversations/${conversationId}/parts`, { body });
  const admin = String(ws.ownerAdminId);
  assert.equal(firstError(await manage({ message_type: 'close', type: 'admin', admin_id: '999999' })).code, 'admin_not_found');
  assert.equal(firstError(await manage({ message_type: 'assignment', type: 'admin', admin_id: admin, assignee_id: '999999' })).code, 'admin_not_found');
  assert.equal(firstError(await manage({ message_type: 'assignment', type: 'team', admin_id: admin, assignee_id: '999999' })).code, 'team_not_found');
  const past = await manage({ message_type: 'snoozed', admin_id: admin, snoozed_until: ws.clock.now() - 1 });
  assert.equal(past.status, 400);
  const conv = (await ws.call('GET', `/conversations/${conversationId}`)).body;
  assert.equal(conv.state, 'open');
  assert.equal(conv.conversation_parts.total_count, 0);
});

test('a snoozed conversation reopens when snoozed_until passes on the workspace clock (timer_unsnooze, conversation.admin.unsnoozed)', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const until = ws.clock.now() + 600;
  await ws.call('POST', `/conversations/${conversationId}/parts`, { body: { message_type: 'snoozed', admin_id: String(ws.ownerAdminId), snoozed_until: until } });
  ws.clock.advance(599);
  await ws.runJobs();
  assert.equal((await ws.call('GET', `/conversations/${conversationId}`)).body.state, 'snoozed', 'not yet');
  ws.clock.advance(1);
  const events = await eventsDuring(ws, () => ws.runJobs());
  const conv = (await ws.call('GET', `/conversations/${conversationId}`)).body;
  assert.deepEqual([conv.state, conv.snoozed_until], ['open', null]);
  const part = conv.conversation_parts.conversation_parts.at(-1);
  assert.equal(part.part_type, 'timer_unsnooze');
  assert.equal(part.author.type, 'bot');
  assert.deepEqual(events.map(([t]) => t), ['conversation.admin.unsnoozed']);
});

test('a wake-up for an earlier snooze does nothing once the conversation was reopened and snoozed again', async () => {
  const ws = await api.newWorkspace();
  const { conversationId } = await startConversation(ws);
  const admin = String(ws.ownerAdminId);
  const manage = (body: Record<string, unknown>) => ws.call('POST', `/conversations/${conversationId}/parts`, { body: { admin_id: admin, ...body } });
  await manage({ message_type: 'snoozed', snoozed_until: ws.clock.now() + 100 });
  await manage({ message_type: 'open' });
  await manage({ message_type: 'snoozed', snoozed_until: ws.clock.now() + 1000 });
  ws.clock.advance(200);
  await ws.runJobs();
  assert.equal((await ws.call('GET', `/conversations/${conversationId}`)).body.state, 'snoozed');
  ws.clock.advance(1000);
  await ws.runJobs();
  assert.equal((await ws.call('GET', `/conversations/${conversationId}`)).body.state, 'open');
});

