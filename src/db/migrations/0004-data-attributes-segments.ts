import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { engineOf } from '../dialect.js';

/** The case-insensitive index expression as this migration shipped it (ASCII folding; 0007 replaced it). */
const ciIndexSql = (engine: string, column: string) => (engine === 'postgres' ? `lower(${column} COLLATE "C")` : `lower(${column})`);

/**
 * Custom data attributes, segments, and the indexes that keep contact search fast at millions of
 * rows (see BENCHMARKS.md, "Search at 1,000,000 contacts").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_attributes')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('data_type', 'text', (c) => c.notNull())
    /** JSON array of the allowed values of a list attribute; '[]' when free. */
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('messenger_writable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admin_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_attributes_pk', ['workspace_id', 'id'])
    .execute();
  // A name is taken across both models (Intercom: "You already have 'X' in your company data…").
  await sql`CREATE UNIQUE INDEX data_attributes_name ON data_attributes (workspace_id, lower(name))`.execute(db);

  await db.schema
    .createTable('segments')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('person_type', 'text', (c) => c.notNull())
    /** JSON: the segment's query in the search language (src/search), evaluated at read time. */
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['workspace_id', 'id'])
    .execute();

  // Search indexes. Every search filters workspace_id and archived = 0 and most sort by created_at,
  // so (workspace_id, archived, created_at, id) serves the unfiltered/low-selectivity case in order,
  // and the per-field indexes serve selective filters (the planner intersects or picks one).
  await db.schema.createIndex('contacts_search_created').on('contacts').columns(['workspace_id', 'archived', 'created_at', 'id']).execute();
  await db.schema.createIndex('contacts_search_updated').on('contacts').columns(['workspace_id', 'updated_at']).execute();
  await db.schema.createIndex('contacts_search_last_seen').on('contacts').columns(['workspace_id', 'last_seen_at']).execute();
  await db.schema.createIndex('contacts_search_signed_up').on('contacts').columns(['workspace_id', 'signed_up_at']).execute();
  await db.schema.createIndex('contacts_search_owner').on('contacts').columns(['workspace_id', 'owner_id']).execute();
  // Case-insensitive text fields: the index expression is exactly the one search compiles to
  // (dialect.ciText), or the planner cannot use it.
  const engine = engineOf(db as never);
  // (SQLite already has contacts_email on lower(email) from 0002, the same expression.)
  const ciColumns = ['name', 'email_domain', 'location_country', 'location_city'];
  if (engine === 'postgres') ciColumns.push('email');
  for (const column of ciColumns) {
    await sql.raw(`CREATE INDEX contacts_search_ci_${column} ON contacts (workspace_id, ${ciIndexSql(engine, column)})`).execute(db);
  }
  // role is low-selectivity: (role, archived) lets counts run on the index alone.
  await sql.raw(`CREATE INDEX contacts_search_ci_role ON contacts (workspace_id, ${ciIndexSql(engine, 'role')}, archived, created_at, id)`).execute(db);
  await sql`CREATE INDEX contacts_search_phone ON contacts (workspace_id, phone)`.execute(db);
  // PostgreSQL: custom attributes by JSON containment (`= number|boolean`, see dialect.jsonContains).
  // SQLite has no equivalent: a custom attribute alone is a scan there.
  if (engine === 'postgres') {
    await sql`CREATE INDEX contacts_search_custom ON contacts USING gin ((custom_attributes::jsonb) jsonb_path_ops)`.execute(db);
  }
}
