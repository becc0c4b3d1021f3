import type { Kysely } from 'kysely';

/**
 * The open company scroll of each workspace (GET /companies/scroll): at most one per workspace, its
 * position (the last company id it answered) and when it expires unless used again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_scrolls')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('scroll_param', 'text', (c) => c.notNull())
    .addColumn('after_id', 'text')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
