import type { Kysely } from 'kysely';

/**
 * Webhooks (issue 9 §1).
 *
 * `app_secrets`: each workspace's app client_secret, which signs deliveries (`X-Hub-Signature`). It
 * must be read back to sign, so it cannot be hashed like access tokens; it is stored as generated
 * (created on first use) and never logged.
 *
 * `webhook_subscriptions`: a target URL and its topics (JSON array). `webhook_deliveries`: one event
 * (or ping) for one subscription, with the notification id, topic and item it carries and its
 * outcome. `webhook_attempts`: every POST made for a delivery (status code, latency, error).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_secrets')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('client_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_subscriptions_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('subscription_id', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'bigint')
    .addColumn('notification_id', 'text')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('webhook_deliveries_subscription_fk', ['workspace_id', 'subscription_id'], 'webhook_subscriptions', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('webhook_deliveries_subscription').on('webhook_deliveries').columns(['workspace_id', 'subscription_id', 'id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('delivery_id', 'bigint', (c) => c.notNull())
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    .addColumn('response_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('webhook_attempts_delivery_fk', ['workspace_id', 'delivery_id'], 'webhook_deliveries', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['workspace_id', 'delivery_id', 'id']).execute();
}
