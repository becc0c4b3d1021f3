/**
 * The SQLite planner's statistics are kept by the server: gathered at open (a user never runs
 * ANALYZE), and without STAT4 samples, which made SQLite re-plan every query that binds a workspace
 * id (see `refreshStatistics` in src/db/database.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { SQLITE_FOLD_FUNCTION } from '../src/db/dialect.js';
import { sql } from 'kysely';
import { openDatabase, type Db } from '../src/db/database.js';
import { systemClock } from '../src/core/clock.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { engine } from './harness.js';

const skip = engine !== 'sqlite' && 'SQLite only';

/** `count` tags spread over `workspaces` new workspaces, inserted directly. */
async function insertTags(db: Db, count: number, workspaces: number) {
  const ids: string[] = [];
  for (let i = 0; i < workspaces; i++) {
    ids.push((await createWorkspace(db, systemClock, { name: `stats ${i}`, region: 'us', timezone: 'UTC' })).workspace.id_code);
  }
  const rows = Array.from({ length: count }, (_, i) => ({ workspace_id: ids[i % workspaces], id: 5_000_000 + i, name: `tag ${i}`, created_at: 1_700_000_000, updated_at: 1_700_000_000 }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('tags').values(rows.slice(i, i + 500)).execute();
}

async function statTables(db: Db) {
  const names = (await sql<{ name: string }>`SELECT name FROM sqlite_schema WHERE name LIKE 'sqlite_stat%'`.execute(db)).rows.map((r) => r.name);
  const count = async (table: string) =>
    names.includes(table) ? Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n) : 0;
  const tagIndexes = names.includes('sqlite_stat1')
    ? (await sql<{ idx: string }>`SELECT idx FROM sqlite_stat1 WHERE tbl = 'tags'`.execute(db)).rows.length
    : 0;
  return { stat1Tags: tagIndexes, stat4: await count('sqlite_stat4') };
}

test('opening a database gathers statistics and keeps no STAT4 samples', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intercom-stats-'));
  const file = join(dir, 'db.sqlite');
  try {
    const first = await openDatabase({ engine: 'sqlite', file });
    await insertTags(first.db, 3000, 3);
    await first.close();
    // What a user's own full ANALYZE (another connection, no analysis limit) leaves behind: samples included.
    const other = new Sqlite(file);
    // Case-insensitive indexes use the server's folding function (dialect.ts): another connection needs it too.
    other.function(SQLITE_FOLD_FUNCTION.name, { deterministic: true }, SQLITE_FOLD_FUNCTION.fold);
    other.exec('ANALYZE');
    assert.ok((other.prepare('SELECT count(*) AS n FROM sqlite_stat4').get() as { n: number }).n > 0, 'a full ANALYZE writes STAT4 samples on this build');
    other.close();

    const second = await openDatabase({ engine: 'sqlite', file });
    try {
      const stats = await statTables(second.db);
      assert.ok(stats.stat1Tags > 0, 'per-index row counts are kept for the planner');
      assert.equal(stats.stat4, 0, 'no samples: statements are planned once, not on every new workspace id');
      await second.analyze();
      assert.equal((await statTables(second.db)).stat4, 0, 'an explicit analysis keeps none either');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database that was never analysed gets exact statistics when opened', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intercom-stats-'));
  const file = join(dir, 'db.sqlite');
  try {
    const first = await openDatabase({ engine: 'sqlite', file });
    await insertTags(first.db, 2000, 1);
    await sql`DELETE FROM sqlite_stat1`.execute(first.db);
    await first.close();

    const second = await openDatabase({ engine: 'sqlite', file });
    try {
      // Counted, not sampled: the planner must know one workspace holds all 2,000 tags (sampling
      // capped such counts and made it walk indexes where a scan was right).
      const { rows } = await sql<{ stat: string }>`SELECT stat FROM sqlite_stat1 WHERE tbl = 'tags' AND idx = 'sqlite_autoindex_tags_1'`.execute(second.db);
      assert.match(rows[0]?.stat ?? '', /^2000 2000 /);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
