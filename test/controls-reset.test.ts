/**
 * POST /_admin/reset: every row of the workspace gone, the defaults seeded again, tokens, the
 * client_secret and the token's admin id kept. Generic over the catalogue: a table added later is
 * covered, and a table that could be missed (no workspace_id) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { CONTROL_TABLES, GLOBAL_TABLES, KEPT_TABLES, workspaceCatalog } from '../src/admin/controls/catalog.js';
import { testApi, type TestWorkspace } from './harness.js';

const api = await testApi();
const sample = JSON.parse(readFileSync('examples/sample-workspace.json', 'utf8'));

/** Rows of the workspace in every table of the catalogue. */
async function counts(ws: TestWorkspace): Promise<Record<string, number>> {
  const { tables } = await workspaceCatalog(api.database.db);
  const result: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t.name)} WHERE workspace_id = ${ws.id}`.execute(api.database.db);
    result[t.name] = Number(rows[0].n);
  }
  return result;
}

test('every table holds one workspace\'s rows (workspace_id) or is a known global table: none can be missed by reset', async () => {
  const { tables, others } = await workspaceCatalog(api.database.db);
  const unknown = others.filter((t) => !GLOBAL_TABLES.has(t));
  assert.deepEqual(unknown, [], 'a table without workspace_id would be missed by reset, snapshot and restore: give it workspace_id (or list it in GLOBAL_TABLES with the reason)');
  for (const name of [...KEPT_TABLES.keys(), ...CONTROL_TABLES.keys()]) assert.ok(tables.some((t) => t.name === name), `${name} exists`);
  // Parents come before the tables that reference them.
  const at = (n: string) => tables.findIndex((t) => t.name === n);
  assert.ok(at('contacts') < at('contact_tags') && at('tags') < at('contact_tags') && at('webhook_subscriptions') < at('webhook_deliveries'));
});

test('reset: the workspace is as new (each table as a fresh workspace has it), tokens, secret and admin ids kept', async () => {
  const ws = await api.newWorkspace('Busy');
  const fresh = await api.newWorkspace('Fresh');
  const secret = (await ws.call('GET', '/_admin/app')).body.client_secret;
  const me = (await ws.call('GET', '/me')).body;
  assert.equal((await ws.call('POST', '/_admin/fixtures', { body: sample })).status, 200);
  await ws.call('POST', '/_admin/webhooks', { body: { url: 'http://127.0.0.1:9/hook', topics: ['contact.user.created'] } });
  await ws.call('POST', '/contacts', { body: { email: 'evented@example.com' } });
  await ws.call('PUT', `/admins/${me.id}/away`, { body: { away_mode_enabled: true, away_mode_reassign: false } });
  await ws.call('PUT', '/_admin/clock', { body: { offset_seconds: 86_400 } });
  await ws.call('POST', '/_admin/faults', { body: { operation_id: 'listTags', latency_ms: 1 } });
  const before = await counts(ws);
  assert.ok(before.contacts > 5 && before.notes > 0 && before.events > 0 && before.jobs > 0 && before.workspace_faults === 1);

  const res = await ws.call('POST', '/_admin/reset');
  assert.equal(res.status, 200, res.raw);
  assert.deepEqual(res.body.type, 'workspace');

  const after = await counts(ws);
  const expected = await counts(fresh);
  for (const table of Object.keys(after)) {
    if (KEPT_TABLES.has(table) || table === 'workspace_clocks') continue;
    assert.equal(after[table], expected[table], `${table}: ${after[table]} rows after reset, a new workspace has ${expected[table]}`);
  }
  // The same token works, as the same admin (same id), back from away; the secret is the same.
  const meAfter = (await ws.call('GET', '/me')).body;
  assert.equal(meAfter.id, me.id);
  assert.equal(meAfter.away_mode_enabled, false);
  assert.equal((await ws.call('GET', '/_admin/app')).body.client_secret, secret);
  assert.equal((await ws.call('GET', '/contacts')).body.total_count, 0);
  assert.equal((await ws.call('GET', '/subscription_types')).body.data.length, 3, 'defaults seeded again');
  assert.equal((await ws.call('GET', '/_admin/clock')).body.frozen, false);
  assert.equal(Math.abs((await ws.call('GET', '/_admin/clock')).body.offset_seconds) <= 1, true, 'real time again');
  // The sample loads again after a reset (nothing of it lingers to conflict).
  assert.equal((await ws.call('POST', '/_admin/fixtures', { body: sample })).status, 200);
});

test('reset leaves other workspaces alone', async () => {
  const mine = await api.newWorkspace();
  const other = await api.newWorkspace();
  await other.call('POST', '/_admin/fixtures', { body: sample });
  const before = await counts(other);
  await mine.call('POST', '/_admin/reset');
  assert.deepEqual(await counts(other), before);
});
