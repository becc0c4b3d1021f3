/**
 * GET /_admin/snapshot and POST /_admin/restore: a stable, versioned document without credentials,
 * restored atomically into the same or another workspace, and across engines (SQLite ↔ PostgreSQL
 * when TEST_DATABASE_URL names a PostgreSQL database).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { engine, firstError, testApi, type TestApi, type TestWorkspace } from './harness.js';

const api = await testApi();
const sample = JSON.parse(readFileSync('examples/sample-workspace.json', 'utf8'));

async function loaded(on: TestApi = api): Promise<TestWorkspace> {
  const ws = await on.newWorkspace('Sample');
  const res = await ws.call('POST', '/_admin/fixtures', { body: sample });
  assert.equal(res.status, 200, res.raw);
  return ws;
}

/** What a user sees of the workspace through the API. */
async function view(ws: TestWorkspace) {
  const contacts = (await ws.call('POST', '/contacts/search', { body: { query: { field: 'email', operator: '~', value: '.example' }, sort: { field: 'email', order: 'ascending' } } })).body.data;
  const ada = contacts.find((c: any) => c.external_id === 'usr_1001');
  return {
    emails: contacts.map((c: any) => `${c.email} ${c.external_id} ${JSON.stringify(c.custom_attributes)} ${c.tags.data.length}`),
    total: (await ws.call('GET', '/contacts')).body.total_count,
    tags: (await ws.call('GET', '/tags')).body.data.map((t: any) => t.name).sort(),
    companies: (await ws.call('POST', '/companies/list', { body: {} })).body.data.map((c: any) => `${c.company_id} ${c.user_count}`).sort(),
    notes: (await ws.call('GET', `/contacts/${ada.id}/notes`)).body.data.map((n: any) => n.body),
    subscriptions: ((r) => (r.body.data ?? [r.raw]).map((s: any) => s.default_translation?.name ?? s))(await ws.call("GET", `/contacts/${ada.id}/subscriptions`)),
    attributes: (await ws.call('GET', '/data_attributes?model=contact')).body.data.filter((a: any) => a.custom).map((a: any) => a.name).sort(),
    // The kept count (migration 0025) and the full-text index of source words follow the restored rows.
    conversations: (await ws.call('GET', '/conversations')).body.total_count,
    invoiceConversations: (await ws.call('POST', '/conversations/search', { body: { query: { field: 'source.body', operator: '=', value: 'invoice' } } })).body.total_count,
  };
}

test('a snapshot is versioned, stable, streamed as JSON, and holds no token or secret', async () => {
  const ws = await loaded();
  const secret = (await ws.call('GET', '/_admin/app')).body.client_secret;
  const first = await ws.call('GET', '/_admin/snapshot');
  assert.equal(first.status, 200);
  assert.match(String(first.headers['content-type']), /application\/json/);
  assert.equal(first.body.format, 'intercom-server-snapshot');
  assert.equal(first.body.version, 1);
  assert.equal(first.body.workspace.id, ws.id);
  assert.ok(first.body.tables.contacts.rows.length === 6);
  for (const hidden of ['access_tokens', 'app_secrets', 'request_journal', 'workspace_clocks', 'workspace_faults', 'contact_counts']) {
    assert.ok(!(hidden in first.body.tables), `${hidden} is not in a snapshot`);
  }
  assert.ok(!first.raw.includes(secret));
  assert.ok(!first.raw.includes(ws.token));
  const second = await ws.call('GET', '/_admin/snapshot');
  assert.equal(second.raw, first.raw, 'the same data gives the same document');
});

test('restore into the same workspace puts back what the snapshot held', async () => {
  const ws = await loaded();
  const before = await view(ws);
  const snapshot = (await ws.call('GET', '/_admin/snapshot')).body;
  await ws.call('POST', '/contacts', { body: { email: 'added-later@example.com' } });
  await ws.call('POST', '/tags', { body: { name: 'Added later' } });
  const res = await ws.call('POST', '/_admin/restore', { body: snapshot });
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(await view(ws), before);
  // Ids move on past the restored ones: new objects never collide with them.
  assert.equal((await ws.call('POST', '/tags', { body: { name: 'New after restore' } })).status, 200);
  assert.equal((await ws.call('GET', '/me')).status, 200);
});

test('restore into another workspace copies the data; its tokens keep working', async () => {
  const source = await loaded();
  const target = await api.newWorkspace('Target');
  const snapshot = (await source.call('GET', '/_admin/snapshot')).body;
  const restored = await target.call('POST', '/_admin/restore', { body: snapshot });
  assert.equal(restored.status, 200, restored.raw);
  assert.deepEqual(await view(target), await view(source));
  // Four conversations, a message and a ticket; one conversation asks for an invoice.
  const seen = await view(target);
  assert.deepEqual([seen.conversations, seen.invoiceConversations], [6, 1]);
  // Full-text search finds the restored article in the new workspace, and still in the old one.
  for (const ws of [target, source]) {
    const found = await ws.call('GET', '/articles/search?phrase=single%20sign-on');
    assert.deepEqual(found.body.data.articles.map((a: any) => a.title), ['Setting up SAML single sign-on']);
  }
  const me = await target.call('GET', '/me');
  assert.equal(me.status, 200);
  assert.equal((await target.call('POST', '/contacts', { body: { email: 'new@target.example' } })).status, 200);
});

test('a bad snapshot is a 400 naming where, and the workspace is left as it was (one transaction)', async () => {
  const ws = await loaded();
  const before = await view(ws);
  const good = (await ws.call('GET', '/_admin/snapshot')).body;
  const cases: [unknown, string][] = [
    [{ ...good, format: 'other' }, 'format'],
    [{ ...good, version: 2 }, 'version'],
    [{ ...good, tables: { ...good.tables, nonsense: { columns: [], rows: [] } } }, 'tables.nonsense'],
    [{ ...good, tables: { ...good.tables, access_tokens: { columns: [], rows: [] } } }, 'tables.access_tokens'],
    [{ ...good, tables: { ...good.tables, tags: { columns: ['id', 'nope'], rows: [] } } }, 'tables.tags.columns[1]'],
    [{ ...good, tables: { ...good.tables, tags: { columns: ['id', 'name'], rows: [[1, 'x', 3]] } } }, 'tables.tags.rows[0]'],
    // The database refuses the last table's rows (a duplicate key) after the earlier ones went in.
    [{ ...good, tables: { ...good.tables, notes: { ...good.tables.notes, rows: [...good.tables.notes.rows, good.tables.notes.rows[0]] } } }, 'tables.notes'],
  ];
  for (const [body, field] of cases) {
    const res = await ws.call('POST', '/_admin/restore', { body });
    assert.equal(res.status, 400, `${field}: ${res.raw}`);
    assert.equal(firstError(res).field, field);
    assert.deepEqual(await view(ws), before, `${field}: nothing changed`);
  }
});

test('across engines: a snapshot of an in-memory SQLite app restores into PostgreSQL and back', { skip: engine !== 'postgres' && 'TEST_DATABASE_URL is not PostgreSQL' }, async () => {
  const sqlite = await testApi({ DATABASE_URL: 'sqlite::memory:' });
  const fromSqlite = await loaded(sqlite);
  const expected = await view(fromSqlite);
  const pg = await api.newWorkspace('On PostgreSQL');
  const snapshot = (await fromSqlite.call('GET', '/_admin/snapshot')).body;
  assert.equal((await pg.call('POST', '/_admin/restore', { body: snapshot })).status, 200);
  assert.deepEqual(await view(pg), expected);
  assert.equal((await pg.call('POST', '/tags', { body: { name: 'Made on PostgreSQL' } })).status, 200);
  const back = await sqlite.newWorkspace('Back on SQLite');
  const pgSnapshot = (await pg.call('GET', '/_admin/snapshot')).body;
  assert.equal((await back.call('POST', '/_admin/restore', { body: pgSnapshot })).status, 200);
  assert.deepEqual((await view(back)).tags, [...expected.tags, 'Made on PostgreSQL'].sort());
});
