import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { ciIndexSql, engineOf } from '../dialect.js';

/**
 * Case-insensitive indexes move to the one folding rule of dialect.ciText (Unicode lower-casing on
 * both engines). Before, SQLite's lower() folded A–Z only while the code folded with JavaScript:
 * the tag "Été" created twice hit the unique index (500), and two contacts could hold
 * "Émile@example.com" and "émile@example.com".
 */
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db as never);
  const ci = (column: string) => ciIndexSql(engine, column);
  for (const index of ['tags_name', 'data_attributes_name', 'contacts_email', 'contacts_search_ci_email', 'contacts_search_ci_name',
    'contacts_search_ci_email_domain', 'contacts_search_ci_location_country', 'contacts_search_ci_location_city', 'contacts_search_ci_role']) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  await sql.raw(`CREATE UNIQUE INDEX tags_name ON tags (workspace_id, ${ci('name')})`).execute(db);
  await sql.raw(`CREATE UNIQUE INDEX data_attributes_name ON data_attributes (workspace_id, ${ci('name')})`).execute(db);
  for (const column of ['email', 'name', 'email_domain', 'location_country', 'location_city']) {
    await sql.raw(`CREATE INDEX contacts_search_ci_${column} ON contacts (workspace_id, ${ci(column)})`).execute(db);
  }
  // role is low-selectivity: (role, archived) lets counts run on the index alone.
  await sql.raw(`CREATE INDEX contacts_search_ci_role ON contacts (workspace_id, ${ci('role')}, archived, created_at, id)`).execute(db);
}
