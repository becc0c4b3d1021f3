import type { Kysely } from 'kysely';

/**
 * Visitors: people Intercom's Messenger saw but who are not contacts yet. `user_id` (a uuid the
 * Messenger gives them) is unique per workspace; converting one into a contact deletes its row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('visitors')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('name', 'text')
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('custom_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('visitors_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('visitors_user_id', ['workspace_id', 'user_id'])
    .execute();
}
