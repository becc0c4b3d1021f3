import type { Kysely } from 'kysely';

/**
 * Data events (POST /events) and each contact's per-name summaries (count, first, last). A contact
 * sends one event per (name, created_at): Intercom drops the repeat silently, so the pair is unique.
 * Summaries are kept as events arrive (and from POST /events/summaries), so `summary=true` reads
 * one row per name instead of counting a contact's whole history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_events')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('data_events_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('data_events_once', ['workspace_id', 'contact_id', 'event_name', 'created_at'])
    .addForeignKeyConstraint('data_events_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // A contact's events newest first (GET /events).
  await db.schema.createIndex('data_events_contact_time').on('data_events').columns(['workspace_id', 'contact_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('data_event_summaries')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('first', 'bigint', (c) => c.notNull())
    .addColumn('last', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('data_event_summaries_pk', ['workspace_id', 'contact_id', 'event_name'])
    .addForeignKeyConstraint('data_event_summaries_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
}
