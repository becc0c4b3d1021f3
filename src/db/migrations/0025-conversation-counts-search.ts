import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { engineOf, nextIds } from '../dialect.js';

/**
 * What GET /conversations and conversation search read at scale.
 *
 * 1. `conversation_counts`: each workspace's number of conversations (tickets included, as the list
 *    shows them), kept by triggers like `contact_counts` (migration 0005), so the list's
 *    `total_count` reads one row instead of counting the workspace on every page. Conversations are
 *    only ever inserted or deleted as rows (a reset, a restore, a workspace's deletion), never
 *    hidden by a column, so insert and delete are all the triggers follow.
 *
 * 2. A full-text index of each conversation's source words (`source_words`, migration 0022), so
 *    `source.body =` finds its word through an index instead of reading every conversation:
 *    - PostgreSQL: a generated `source_vector` of those words under a GIN index;
 *    - SQLite: an FTS5 table `conversation_search` kept by triggers, keyed by the conversation's
 *      `search_rowid`, a number unique across all workspaces (drawn from the id sequence; FTS5
 *      refuses a second row with the same key), as `article_search` is keyed (migration 0014):
 *      conversation ids alone may repeat between workspaces once a snapshot is restored into
 *      another one.
 *
 * 3. Indexes for search's common shapes (below): an assignee with a state, and matches found by id
 *    or by search key sorted by time without reading their rows. Figures: bench/findings.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db as never);

  await db.schema
    .createTable('conversation_counts')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('total', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('conversations').addColumn('search_rowid', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // Existing conversations get their numbers before the index exists (a new database has none).
  const existing = await db.selectFrom('conversations').select(['workspace_id', 'id']).execute();
  const numbers = await nextIds(db as never, existing.length);
  for (const [i, row] of existing.entries()) {
    await db.updateTable('conversations').set({ search_rowid: numbers[i] }).where('workspace_id', '=', row.workspace_id).where('id', '=', row.id).execute();
  }

  // Inbox filters pair an assignee with a state ("Sam's open conversations"): one index answers
  // both, instead of reading every conversation of the assignee to test its state.
  await db.schema.dropIndex('conversations_admin_assignee').execute();
  await db.schema.dropIndex('conversations_team_assignee').execute();
  await db.schema.createIndex('conversations_admin_assignee').on('conversations').columns(['workspace_id', 'admin_assignee_id', 'state']).execute();
  await db.schema.createIndex('conversations_team_assignee').on('conversations').columns(['workspace_id', 'team_assignee_id', 'state']).execute();

  if (engine === 'postgres') {
    // Statement-level, from the transition tables: one counter update per statement, not per row
    // (migration 0005 measured why).
    await sql`
      CREATE FUNCTION conversation_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO conversation_counts (workspace_id, total)
          SELECT workspace_id, count(*) FROM inserted_conversations GROUP BY workspace_id
          ON CONFLICT (workspace_id) DO UPDATE SET total = conversation_counts.total + excluded.total;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
      REFERENCING NEW TABLE AS inserted_conversations
      FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_inserted()`.execute(db);
    await sql`
      CREATE FUNCTION conversation_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE conversation_counts SET total = conversation_counts.total - gone.n
          FROM (SELECT workspace_id, count(*) AS n FROM deleted_conversations GROUP BY workspace_id) AS gone
          WHERE conversation_counts.workspace_id = gone.workspace_id;
        RETURN NULL;
      END
      $$`.execute(db);
    await sql`
      CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
      REFERENCING OLD TABLE AS deleted_conversations
      FOR EACH STATEMENT EXECUTE FUNCTION conversation_counts_deleted()`.execute(db);

    await sql
      .raw(`ALTER TABLE conversations ADD COLUMN source_vector tsvector GENERATED ALWAYS AS (array_to_tsvector(array_remove(string_to_array(source_words, ' '), ''))) STORED`)
      .execute(db);
    await sql.raw('CREATE INDEX conversations_source_words ON conversations USING gin (source_vector)').execute(db);
  } else {
    await sql.raw(`
      CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
      BEGIN
        INSERT INTO conversation_counts (workspace_id, total) VALUES (NEW.workspace_id, 1)
          ON CONFLICT (workspace_id) DO UPDATE SET total = total + 1;
      END`).execute(db);
    await sql.raw(`
      CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
      BEGIN
        UPDATE conversation_counts SET total = total - 1 WHERE workspace_id = OLD.workspace_id;
      END`).execute(db);

    // Every workspace's words in one index, without the workspace: a search joins its matches to
    // the workspace's conversations by `search_rowid` (the covering index below), which keeps it in
    // its workspace. Narrowing inside the index instead (a workspace token ANDed with the word, as
    // article_search does) walks the token's posting list, the whole workspace, on every search.
    await sql.raw(`CREATE VIRTUAL TABLE conversation_search USING fts5(source_words, tokenize = 'ascii')`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversations BEGIN
           INSERT INTO conversation_search (rowid, source_words) VALUES (NEW.search_rowid, NEW.source_words);
         END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER conversation_search_update AFTER UPDATE OF source_words ON conversations BEGIN
           UPDATE conversation_search SET source_words = NEW.source_words WHERE rowid = NEW.search_rowid;
         END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER conversation_search_delete AFTER DELETE ON conversations BEGIN
           DELETE FROM conversation_search WHERE rowid = OLD.search_rowid;
         END`,
      )
      .execute(db);
    await sql`INSERT INTO conversation_search (rowid, source_words) SELECT search_rowid, source_words FROM conversations`.execute(db);

    // Matches found by search key (the words) are filtered to the workspace and sorted by time from
    // this index alone, without visiting each conversation's row.
    await db.schema.createIndex('conversations_search_rowid').on('conversations').columns(['search_rowid', 'workspace_id', 'id', 'created_at', 'updated_at']).execute();
  }

  // Matches found by id (tags, contacts, teammates) are sorted by time from this index alone: a
  // search sorting a few thousand of them otherwise reads each conversation's row for its time.
  await db.schema.createIndex('conversations_id_times').on('conversations').columns(['workspace_id', 'id', 'created_at', 'updated_at']).execute();

  // Existing databases start from the real counts (the triggers are in place first: see 0005).
  await sql`
    INSERT INTO conversation_counts (workspace_id, total)
    SELECT workspace_id, count(*) FROM conversations GROUP BY workspace_id
    ON CONFLICT (workspace_id) DO UPDATE SET total = excluded.total`.execute(db);
}
