import type { Kysely } from 'kysely';

/**
 * Phone switch redirects (POST /phone_call_redirects): each number a Messenger link was sent to,
 * with the custom attributes given for the caller and when. The id is the link's uuid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('phone_call_redirects')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('custom_attributes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('phone_call_redirects_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('phone_call_redirects_created').on('phone_call_redirects').columns(['workspace_id', 'created_at', 'id']).execute();
}
