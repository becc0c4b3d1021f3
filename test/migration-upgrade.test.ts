/**
 * Upgrading a database that already holds conversations: migration 0025 gives each its full-text
 * key, indexes its words and counts it, so what an older server stored is listed and searched like
 * what a new one writes. On SQLite in a temporary file; on PostgreSQL (TEST_DATABASE_URL) in a
 * scratch database beside the test one, dropped after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrateUpTo } from '../src/db/migrations/index.js';
import { SQLITE_FOLD_FUNCTION } from '../src/db/dialect.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';
import { engine, TEST_DATABASE_URL } from './harness.js';

/** A database of its own for the test, and how to reach it raw (no migrations) and as the server does. */
async function scratchDatabase(): Promise<{ url: string; raw: () => Kysely<any>; drop: () => Promise<void> }> {
  if (engine === 'postgres') {
    const target = new URL(TEST_DATABASE_URL);
    const name = `${target.pathname.slice(1)}_upgrade_${process.pid}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    target.pathname = `/${name}`;
    return {
      url: target.toString(),
      raw: () => new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.toString(), max: 1 }) }) }),
      // Without FORCE: terminating a connection a pool is still closing surfaces in it as an
      // uncaught error. A database still in use (55006) is waited for a moment.
      drop: async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt === 40) throw error;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
  const file = join(dir, 'old.sqlite');
  return {
    url: `sqlite:${file}`,
    raw: () => {
      const sqlite = new Sqlite(file);
      sqlite.function(SQLITE_FOLD_FUNCTION.name, { deterministic: true }, SQLITE_FOLD_FUNCTION.fold);
      return new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

test('conversations stored before migration 0025 are counted by the list and found by their words after it', async () => {
  const scratch = await scratchDatabase();
  try {
    // The database as the server before 0025 left it, with a workspace and three conversations.
    const old = scratch.raw();
    await migrateUpTo(old as Db, '0024-webhook-deliveries');
    const { workspace, ownerAdminId } = await createWorkspace(old as Db, systemClock, { name: 'Old', region: 'US', timezone: 'UTC' });
    const now = Math.floor(Date.now() / 1000);
    const bodies = ['Where is my invoice', 'The export keeps failing', 'Invoice twice'];
    await old
      .insertInto('conversations')
      .values(bodies.map((body, i) => ({
        workspace_id: workspace.id_code, id: 900 + i, state: 'open', source_type: 'conversation', source_id: 950 + i,
        source_delivered_as: 'admin_initiated', source_author_type: 'admin', source_author_id: String(ownerAdminId),
        source_body: `<p>${body}</p>`, source_words: ` ${body.toLowerCase()} `, created_at: now - 100 + i, updated_at: now - 100 + i,
      })))
      .execute();
    await old.destroy();

    // A new server opens it: the later migrations run.
    const config = loadConfig([], { DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' });
    const database = await openDatabase(config.database);
    const app = await buildApp({ config, database });
    try {
      const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: ownerAdminId, now });
      const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
        const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, payload: body as object });
        assert.equal(res.statusCode, 200, res.body);
        return res.json();
      };
      assert.equal((await call('GET', '/conversations')).total_count, 3);
      const invoices = await call('POST', '/conversations/search', { query: { field: 'source.body', operator: '=', value: 'invoice' } });
      assert.deepEqual(invoices.conversations.map((c: { id: string }) => c.id).sort(), ['900', '902']);
      // Each old conversation got its own key; new ones draw theirs from the same sequence.
      const keys = await database.db.selectFrom('conversations').select('search_rowid').execute();
      assert.equal(new Set(keys.map((k) => Number(k.search_rowid))).size, 3);
      assert.ok(keys.every((k) => Number(k.search_rowid) > 0));
      const contact = await call('POST', '/contacts', { email: 'new@example.com' });
      await call('POST', '/conversations', { from: { type: 'user', id: contact.id }, body: 'Another invoice question' });
      assert.equal((await call('GET', '/conversations')).total_count, 4);
      assert.equal((await call('POST', '/conversations/search', { query: { field: 'source.body', operator: '=', value: 'invoice' } })).total_count, 3);
    } finally {
      await app.close();
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
});
