/** GET/DELETE /_admin/requests: the request journal, queryable, bounded, without secrets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, testApi } from './harness.js';
import { loadConfig } from '../src/config.js';
import { lockKey } from '../src/db/dialect.js';
import { Journal, journalLock } from '../src/admin/controls/journal.js';
import { journalOf } from '../src/admin/controls/store-journal.js';

const api = await testApi();

test('each API request is journaled with method, path, operationId, status, duration and both bodies; newest first', async () => {
  const ws = await api.newWorkspace();
  const created = await ws.call('POST', '/contacts', { body: { email: 'journal@example.com', name: 'Jo' } });
  await ws.call('GET', '/contacts/5f0c5a7e1c9d440000000000');
  const res = await ws.call('GET', '/_admin/requests');
  assert.equal(res.status, 200);
  const [missing, create] = res.body.data;
  assert.equal(res.body.data.length, 2, 'the controls themselves are not journaled');
  assert.equal(create.method, 'POST');
  assert.equal(create.path, '/contacts');
  assert.equal(create.operation_id, 'CreateContact');
  assert.equal(create.status, 200);
  assert.equal(typeof create.duration_ms, 'number');
  assert.ok(create.duration_ms >= 0);
  assert.equal(create.request_id, created.headers['x-request-id']);
  assert.deepEqual(create.request_body, { email: 'journal@example.com', name: 'Jo' });
  assert.equal(create.response_body.id, created.body.id);
  assert.equal(missing.status, 404);
  assert.equal(missing.operation_id, 'ShowContact');
  assert.equal(missing.response_body.type, 'error.list');
  assert.equal(create.created_at, ws.clock.now());
});

test('filters: operation, status (exact or class), since, limit; bad filters are 400 naming them', async () => {
  const ws = await api.newWorkspace();
  await ws.call('GET', '/tags');
  ws.clock.advance(100);
  const later = ws.clock.now();
  await ws.call('POST', '/tags', { body: { name: 'Later' } });
  await ws.call('GET', '/tags/999999999');
  const q = async (query: string) => (await ws.call('GET', `/_admin/requests?${query}`)).body.data.map((e: any) => `${e.operation_id} ${e.status}`);
  assert.deepEqual(await q('operation=listTags'), ['listTags 200']);
  assert.deepEqual(await q('status=404'), ['findTag 404']);
  assert.deepEqual(await q('status=2xx'), ['createTag 200', 'listTags 200']);
  assert.deepEqual(await q(`since=${later}`), ['findTag 404', 'createTag 200']);
  assert.deepEqual(await q('limit=1'), ['findTag 404']);
  for (const [query, field] of [['operation=NoSuchOp', 'operation'], ['status=abc', 'status'], ['since=yesterday', 'since'], ['limit=0', 'limit'], ['colour=red', 'colour']]) {
    const res = await ws.call('GET', `/_admin/requests?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(firstError(res).field, field);
  }
});

test('DELETE /_admin/requests clears the journal', async () => {
  const ws = await api.newWorkspace();
  await ws.call('GET', '/tags');
  const cleared = await ws.call('DELETE', '/_admin/requests');
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.deleted, 1);
  assert.deepEqual((await ws.call('GET', '/_admin/requests')).body.data, []);
});

test('the Authorization header and secret-looking values are never stored', async () => {
  const ws = await api.newWorkspace();
  await ws.call('POST', '/contacts', { body: { email: 'secret@example.com', custom_attributes: { api_token: 'sk_live_123' } } });
  await ws.call('GET', '/tags?access_token=abc123');
  const raw = (await ws.call('GET', '/_admin/requests')).raw;
  assert.ok(!raw.includes(ws.token));
  assert.ok(!raw.includes('sk_live_123'), 'the request body value is redacted');
  assert.ok(!raw.includes('abc123'));
  assert.ok(raw.includes('[redacted]'));
});

test('bounded by count and bytes per workspace (configurable); bodies cut to the body limit', async () => {
  const small = await testApi({ JOURNAL_MAX_ENTRIES: '3', JOURNAL_MAX_BYTES: '4096', JOURNAL_MAX_BODY_BYTES: '200' });
  const ws = await small.newWorkspace();
  const other = await small.newWorkspace();
  await other.call('GET', '/tags');
  for (let i = 0; i < 6; i++) await ws.call('GET', '/tags');
  let entries = (await ws.call('GET', '/_admin/requests')).body.data;
  assert.equal(entries.length, 3, 'at most 3 entries');
  assert.equal((await other.call('GET', '/_admin/requests')).body.data.length, 1, 'per workspace');
  for (let i = 0; i < 3; i++) await ws.call('POST', '/tags', { body: { name: `${'x'.repeat(150)}-${i}` } });
  entries = (await ws.call('GET', '/_admin/requests')).body.data;
  assert.ok(entries.length <= 3);
  const bodies = entries.map((e: any) => (typeof e.response_body === 'string' ? e.response_body : JSON.stringify(e.response_body)));
  assert.ok(bodies.every((b: string) => b.length <= 200), 'cut to 200 characters');
  // Bytes: each entry weighs over 1 KB once bodies are large; 4 KB keeps fewer than the count allows.
  const heavy = await testApi({ JOURNAL_MAX_ENTRIES: '100', JOURNAL_MAX_BYTES: '2048', JOURNAL_MAX_BODY_BYTES: '100000' });
  const h = await heavy.newWorkspace();
  for (let i = 0; i < 5; i++) await h.call('POST', '/tags', { body: { name: `${'y'.repeat(600)}-${i}` } });
  const kept = (await h.call('GET', '/_admin/requests')).body.data;
  assert.ok(kept.length >= 1 && kept.length < 5, `kept ${kept.length}`);
  assert.equal(kept[0].request_body.name, `${'y'.repeat(600)}-4`, 'the newest stay');
});

test('JOURNAL_MAX_ENTRIES=0 turns the journal off', async () => {
  const off = await testApi({ JOURNAL_MAX_ENTRIES: '0' });
  const ws = await off.newWorkspace();
  await ws.call('GET', '/tags');
  assert.deepEqual((await ws.call('GET', '/_admin/requests')).body.data, []);
});

test('a body nested far deeper than can be recorded is journaled cut, and answered as usual', async () => {
  const ws = await api.newWorkspace();
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const res = await ws.call('POST', '/tags', { rawBody: `{"name":${deep}}` });
  assert.equal(res.status, 400, res.raw);
  const [entry] = (await ws.call('GET', '/_admin/requests')).body.data;
  assert.equal(entry.status, 400);
  assert.ok(JSON.stringify(entry.request_body).includes('[nested too deeply to record]'));
});

test('a batch of journal entries already being written when the workspace is reset is wiped or dropped, never left behind', async () => {
  const ws = await api.newWorkspace();
  const db = api.database.db;
  const journal = new Journal(db, loadConfig([], { DATABASE_URL: 'sqlite::memory:' }));
  const entry = (n: number) => ({
    workspaceId: ws.id, requestId: `req-${n}`, method: 'GET', url: '/me', operationId: 'identifyAdmin', status: 200,
    durationMs: 1, createdAt: ws.clock.now(), requestBody: undefined, responseBody: '{}',
  });
  journal.record(entry(1));
  journal.record(entry(2));
  let written: Promise<void> | undefined;
  // What a reset does, with the batch taken for writing just as it starts: on SQLite the write waits
  // for this transaction and runs after it; on PostgreSQL it runs beside it.
  await db.transaction().execute(async (trx) => {
    written = journal.flush();
    journal.forget(ws.id);
    await lockKey(trx, journalLock(ws.id));
    await journalOf(trx, ws.id).clear();
  });
  await written;
  assert.deepEqual(await journalOf(db, ws.id).list({ limit: 10 }), []);
  // Entries recorded after the reset are kept as ever.
  journal.record(entry(3));
  await journal.flush();
  assert.deepEqual((await journalOf(db, ws.id).list({ limit: 10 })).map((e) => e.request_id), ['req-3']);
});
