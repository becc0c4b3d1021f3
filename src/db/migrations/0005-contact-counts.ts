import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { engineOf } from '../dialect.js';

/**
 * Per-workspace count of live (archived = 0) contacts, kept by the database.
 *
 * Why: GET /contacts returns `total_count` on every page, and counting it with count(*) over the
 * workspace's live contacts grew with the workspace and was most of what a page cost. Reading one
 * row is constant time. The price is on writes: a create, archive, unarchive or delete now also
 * writes the counter row (one more page per commit). Figures: bench/findings.md.
 *
 * Why triggers and not application code: contacts are written by the API's create, archive,
 * unarchive, delete and merge paths, but also by the bench loaders (bench/lib/seed.ts,
 * bench/search-1m.ts) that insert straight into the table, and by whatever comes later. A trigger
 * sees every one of those writes, so the count cannot drift because some writer forgot it.
 *
 * Contention (PostgreSQL): each write that changes the count updates the workspace's one counter
 * row and holds its row lock until commit. Contact creates in one workspace already queue behind
 * each other on the identity advisory lock (lockIdentities in resources/contacts/store.ts), so for
 * them the counter row adds no new waiting; archive, unarchive and delete in the same workspace now
 * also queue on it, for the rest of their (short) transactions.
 *
 * Increments upsert the row, so a workspace needs no row until its first live contact. Decrements
 * only update: a decrement always follows an earlier increment that created the row, and while a
 * workspace is being deleted its counter row may already be gone (cascade) when the contacts'
 * delete triggers run, where an insert would fail the foreign key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_counts')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('live', 'bigint', (c) => c.notNull())
    .execute();

  if (engineOf(db as never) === 'postgres') {
    // Inserts and deletes count once per statement, from its transition table: a row-level
    // trigger updated the one counter row once per contact, and within a bulk load's transaction
    // every update adds a row version that the next one must step over (bulk loads took nearly
    // three times as long: bench/findings.md). Archive changes (one contact per statement) stay row-level, on
    // `archived` only, so other updates pay nothing.
    await sql`
      CREATE FUNCTION contact_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contact_counts (workspace_id, live)
          SELECT workspace_id, count(*) FROM inserted_contacts WHERE archived = 0 GROUP BY workspace_id
          ON CONFLICT (workspace_id) DO UPDATE SET live = contact_counts.live + excluded.live;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts
      REFERENCING NEW TABLE AS inserted_contacts
      FOR EACH STATEMENT EXECUTE FUNCTION contact_counts_inserted()`.execute(db);
    await sql`
      CREATE FUNCTION contact_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE contact_counts SET live = contact_counts.live - gone.n
          FROM (SELECT workspace_id, count(*) AS n FROM deleted_contacts WHERE archived = 0 GROUP BY workspace_id) AS gone
          WHERE contact_counts.workspace_id = gone.workspace_id;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts
      REFERENCING OLD TABLE AS deleted_contacts
      FOR EACH STATEMENT EXECUTE FUNCTION contact_counts_deleted()`.execute(db);
    await sql`
      CREATE FUNCTION contact_counts_archived() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.archived = 0 AND OLD.archived <> 0 THEN
          INSERT INTO contact_counts (workspace_id, live) VALUES (NEW.workspace_id, 1)
            ON CONFLICT (workspace_id) DO UPDATE SET live = contact_counts.live + 1;
        ELSIF NEW.archived <> 0 AND OLD.archived = 0 THEN
          UPDATE contact_counts SET live = live - 1 WHERE workspace_id = OLD.workspace_id;
        END IF;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER contact_counts_archive AFTER UPDATE OF archived ON contacts
      FOR EACH ROW EXECUTE FUNCTION contact_counts_archived()`.execute(db);
  } else {
    // SQLite triggers cannot branch, so each case is its own trigger with a WHEN clause.
    const increment = (row: 'NEW') =>
      `INSERT INTO contact_counts (workspace_id, live) VALUES (${row}.workspace_id, 1)
         ON CONFLICT (workspace_id) DO UPDATE SET live = live + 1;`;
    const decrement = (row: 'OLD') => `UPDATE contact_counts SET live = live - 1 WHERE workspace_id = ${row}.workspace_id;`;
    await sql.raw(`
      CREATE TRIGGER contact_counts_insert AFTER INSERT ON contacts
      WHEN NEW.archived = 0
      BEGIN ${increment('NEW')} END`).execute(db);
    await sql.raw(`
      CREATE TRIGGER contact_counts_delete AFTER DELETE ON contacts
      WHEN OLD.archived = 0
      BEGIN ${decrement('OLD')} END`).execute(db);
    await sql.raw(`
      CREATE TRIGGER contact_counts_unarchive AFTER UPDATE OF archived ON contacts
      WHEN OLD.archived <> 0 AND NEW.archived = 0
      BEGIN ${increment('NEW')} END`).execute(db);
    await sql.raw(`
      CREATE TRIGGER contact_counts_archive AFTER UPDATE OF archived ON contacts
      WHEN OLD.archived = 0 AND NEW.archived <> 0
      BEGIN ${decrement('OLD')} END`).execute(db);
  }

  // Existing databases start from the real counts. The triggers go in first so that no write can
  // fall between them and the backfill: on PostgreSQL creating a trigger locks contacts against
  // writes until this migration commits; on SQLite (where Kysely runs migrations outside a
  // transaction) a write landing in between is already counted by a trigger, and this one
  // statement then overwrites that row with the full count, which includes it.
  await sql`
    INSERT INTO contact_counts (workspace_id, live)
    SELECT workspace_id, count(*) FROM contacts WHERE archived = 0 GROUP BY workspace_id
    ON CONFLICT (workspace_id) DO UPDATE SET live = excluded.live`.execute(db);
}
