import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';
import { startConversation } from './conversations-helpers.js';

const api = await testApi();

const search = (ws: Awaited<ReturnType<typeof api.newWorkspace>>, query: unknown, extra: Record<string, unknown> = {}) =>
  ws.call('POST', '/conversations/search', { body: { query, ...extra } });
const ids = (res: { body: any }) => res.body.conversations.map((c: any) => c.id).sort();

test('searchConversations: source.body matches single words only, as Intercom (case and markup ignored)', async () => {
  const ws = await api.newWorkspace();
  const a = await startConversation(ws, {}, 'I need <b>Support</b>, please');
  await startConversation(ws, {}, 'Billing question');
  const res = await search(ws, { field: 'source.body', operator: '=', value: 'support' });
  assert.equal(res.status, 200, res.raw);
  assert.equal(res.body.type, 'conversation.list');
  assert.deepEqual(ids(res), [a.conversationId]);
  assert.equal(res.body.conversations[0].conversation_parts, undefined);
  assert.equal((await search(ws, { field: 'source.body', operator: '=', value: 'need support' })).body.total_count, 0);
  assert.equal((await search(ws, { field: 'source.body', operator: '=', value: 'suppor' })).body.total_count, 0, 'whole words');
  assert.equal((await search(ws, { field: 'source.body', operator: '!=', value: 'support' })).body.total_count, 1);
});

test('searchConversations: source.body goes through the full-text index: a redacted source is found by its new words only, an unindexably long word or body is no 5xx', async () => {
  const ws = await api.newWorkspace();
  const redacted = await startConversation(ws, {}, 'My invoice is wrong');
  const redact = await ws.call('POST', '/conversations/redact', { body: { type: 'source', conversation_id: redacted.conversationId, source_id: (await ws.call('GET', `/conversations/${redacted.conversationId}`)).body.source.id } });
  assert.equal(redact.status, 200, redact.raw);
  assert.equal((await search(ws, { field: 'source.body', operator: '=', value: 'invoice' })).body.total_count, 0);
  assert.deepEqual(ids(await search(ws, { field: 'source.body', operator: '=', value: 'deleted' })), [redacted.conversationId]);

  // A 3,000-letter word is not indexed (PostgreSQL refuses index words over 2,047 bytes); the rest of the body is.
  const long = 'x'.repeat(3000);
  const withLongWord = await startConversation(ws, {}, `before ${long} after`);
  assert.deepEqual(ids(await search(ws, { field: 'source.body', operator: '=', value: 'after' })), [withLongWord.conversationId]);
  const searchedLong = await search(ws, { field: 'source.body', operator: '=', value: long });
  assert.equal(searchedLong.status, 200, searchedLong.raw);
  assert.equal(searchedLong.body.total_count, 0);
  // 900 KB of distinct words: more than one PostgreSQL index row holds; the start of it is searchable.
  const many = Array.from({ length: 100_000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
  const big = await startConversation(ws, {}, many);
  assert.deepEqual(ids(await search(ws, { field: 'source.body', operator: '=', value: 'w0x' })), [big.conversationId]);
});

test('searchConversations: state, assignees, contacts, teammates, statistics and dates; AND/OR; pagination; bad fields', async () => {
  const ws = await api.newWorkspace();
  const admin = String(ws.ownerAdminId);
  const one = await startConversation(ws);
  ws.clock.advance(100);
  const two = await startConversation(ws);
  ws.clock.advance(100);
  const three = await startConversation(ws);
  await ws.call('POST', `/conversations/${one.conversationId}/parts`, { body: { message_type: 'close', type: 'admin', admin_id: admin } });
  await ws.call('POST', `/conversations/${two.conversationId}/parts`, { body: { message_type: 'assignment', type: 'admin', admin_id: admin, assignee_id: admin } });
  await ws.call('POST', `/conversations/${three.conversationId}/reply`, { body: { message_type: 'comment', type: 'admin', admin_id: admin, body: 'hi' } });

  assert.deepEqual(ids(await search(ws, { field: 'state', operator: '=', value: 'closed' })), [one.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'open', operator: '=', value: true })), [two.conversationId, three.conversationId].sort());
  assert.deepEqual(ids(await search(ws, { field: 'admin_assignee_id', operator: '=', value: admin })), [two.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'contact_ids', operator: '=', value: two.contact.id })), [two.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'teammate_ids', operator: '=', value: admin })), [one.conversationId, two.conversationId, three.conversationId].sort());
  assert.deepEqual(ids(await search(ws, { field: 'statistics.count_assignments', operator: '>', value: 0 })), [two.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'statistics.last_closed_by_id', operator: '=', value: admin })), [one.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'source.author.email', operator: '=', value: one.contact.email.toUpperCase() })), [one.conversationId]);
  assert.deepEqual(ids(await search(ws, { field: 'waiting_since', operator: '=', value: null })), [three.conversationId]);
  assert.deepEqual(
    ids(await search(ws, { operator: 'OR', value: [{ field: 'state', operator: '=', value: 'closed' }, { field: 'admin_assignee_id', operator: '=', value: Number(admin) }] })),
    [one.conversationId, two.conversationId].sort(),
  );

  const first = await search(ws, { field: 'id', operator: '!=', value: '0' }, { pagination: { per_page: 2 }, sort: { field: 'created_at', order: 'ascending' } });
  assert.deepEqual(first.body.conversations.map((c: any) => c.id), [one.conversationId, two.conversationId]);
  const next = await search(ws, { field: 'id', operator: '!=', value: '0' }, { pagination: { per_page: 2, starting_after: first.body.pages.next.starting_after }, sort: { field: 'created_at', order: 'ascending' } });
  assert.deepEqual(next.body.conversations.map((c: any) => c.id), [three.conversationId]);
  assert.equal(next.body.pages.next, undefined);

  const unknown = await search(ws, { field: 'nope', operator: '=', value: 'x' });
  assert.deepEqual([unknown.status, firstError(unknown).code], [400, 'invalid_field']);
  const wrongType = await search(ws, { field: 'read', operator: '=', value: 'yes' });
  assert.equal(wrongType.status, 400);
});

test('searchConversations: another workspace\'s conversations and contacts are never found', async () => {
  const mine = await api.newWorkspace();
  const theirs = await api.newWorkspace();
  const t = await startConversation(theirs);
  assert.equal((await search(mine, { field: 'contact_ids', operator: '=', value: t.contact.id })).body.total_count, 0);
  assert.equal((await search(mine, { field: 'id', operator: '=', value: t.conversationId })).body.total_count, 0);
  // The full-text index holds every workspace's words: a word both use finds each its own only.
  const m = await startConversation(mine, {}, 'I need support');
  assert.deepEqual(ids(await search(mine, { field: 'source.body', operator: '=', value: 'support' })), [m.conversationId]);
  assert.deepEqual(ids(await search(theirs, { field: 'source.body', operator: '=', value: 'support' })), [t.conversationId]);
});
