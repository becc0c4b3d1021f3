import type { Kysely } from 'kysely';

/** Subscription types (seeded per workspace) and contacts' explicit opt-in / opt-out choices. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscription_types')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('consent_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    /** JSON array of "email" | "sms_message". */
    .addColumn('content_types', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_types_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('contact_subscriptions')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('subscription_type_id', 'bigint', (c) => c.notNull())
    /** The contact's explicit choice: 'opt_in' or 'opt_out'. */
    .addColumn('consent', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_subscriptions_pk', ['workspace_id', 'contact_id', 'subscription_type_id'])
    .addForeignKeyConstraint('contact_subscriptions_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('contact_subscriptions_type_fk', ['workspace_id', 'subscription_type_id'], 'subscription_types', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  // ListContacts' (workspace_id, archived, created_at, id) index comes with the search indexes in 0004.
}
