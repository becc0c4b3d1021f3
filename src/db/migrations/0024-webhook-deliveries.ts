import { sql, type Kysely } from 'kysely';

/**
 * Webhook delivery in order, redelivery and throttling.
 *
 * `events.pending_fanout`: 1 while an event waits for its webhook fan-out, null after (and for every
 * event recorded before this migration, which was fanned out already). The fan-out takes a
 * workspace's waiting events in id order under the workspace's fan-out lock, so an event never
 * overtakes one committed before its own transaction began (src/admin/delivery.ts).
 *
 * `webhook_fanout_locks`: one row per workspace, updated by each fan-out (and ping, redelivery) to
 * serialise them: deliveries of a workspace get their ids in commit order.
 *
 * `webhook_deliveries.next_attempt_at`: when the delivery is next tried (a later delivery of the same
 * subscription waits for it). `redelivery_of`: the delivery a redelivery repeats.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('pending_fanout', 'integer').execute();
  await db.schema
    .createIndex('events_pending_fanout')
    .on('events')
    .columns(['workspace_id', 'id'])
    .where(sql.ref('pending_fanout'), 'is not', null)
    .execute();

  await db.schema
    .createTable('webhook_fanout_locks')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('touched_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('webhook_deliveries').addColumn('next_attempt_at', 'bigint').execute();
  await db.schema.alterTable('webhook_deliveries').addColumn('redelivery_of', 'bigint').execute();
  // The head of a subscription's queue (its oldest pending delivery) and the log's filters.
  await db.schema.createIndex('webhook_deliveries_queue').on('webhook_deliveries').columns(['workspace_id', 'subscription_id', 'status', 'id']).execute();
}
