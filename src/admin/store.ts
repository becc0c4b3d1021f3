/** The admin namespace's data: the app secret, webhook subscriptions, deliveries and their attempts. */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import { defineStore, requireRow } from '../core/scope.js';
import { numericId } from '../core/ids.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../db/schema.js';
import { notFound } from '../errors.js';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const subscriptionNotFound = () => notFound('Webhook subscription Not Found');
export const deliveryNotFound = () => notFound('Webhook delivery Not Found');

export const appSecrets = defineStore((s) => ({
  /** The workspace's client_secret, generated on first use (concurrent first uses agree on one). */
  async clientSecret(now: number): Promise<string> {
    const found = await s.from('app_secrets').select('client_secret').executeTakeFirst();
    if (found) return found.client_secret;
    await s
      .insert('app_secrets', { client_secret: randomBytes(32).toString('hex'), created_at: now })
      .onConflict((oc) => oc.column('workspace_id').doNothing())
      .execute();
    const row = await s.from('app_secrets').select('client_secret').executeTakeFirstOrThrow();
    return row.client_secret;
  },
}));

export const webhookSubscriptions = defineStore((s) => ({
  find: (id: number) => s.from('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst(),
  require(rawId: unknown): Promise<SubscriptionRow> {
    return requireRow(rawId, numericId, (id) => this.find(id), subscriptionNotFound);
  },
  list: () => s.from('webhook_subscriptions').selectAll().orderBy('id').execute(),
  active: () => s.from('webhook_subscriptions').selectAll().where('active', '=', 1).orderBy('id').execute(),
  async create(row: { url: string; topics: string[]; active: boolean; now: number }): Promise<number> {
    const id = await s.nextId();
    await s
      .insert('webhook_subscriptions', { id, url: row.url, topics: JSON.stringify(row.topics), active: row.active ? 1 : 0, created_at: row.now, updated_at: row.now })
      .execute();
    return id;
  },
  async update(id: number, changes: { url?: string; topics?: string[]; active?: boolean; now: number }): Promise<void> {
    await s
      .update('webhook_subscriptions')
      .set({
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.topics !== undefined ? { topics: JSON.stringify(changes.topics) } : {}),
        ...(changes.active !== undefined ? { active: changes.active ? 1 : 0 } : {}),
        updated_at: changes.now,
      })
      .where('id', '=', id)
      .execute();
  },
  /** Whether a row went (decides 200 vs 404); its deliveries go by ON DELETE CASCADE. */
  async remove(id: number): Promise<boolean> {
    const result = await s.delete('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
}));

export const webhookDeliveries = defineStore((s) => ({
  /** The event an `events.fanout` job names (undefined once its workspace is gone). */
  event: (id: number) => s.from('events').selectAll().where('id', '=', id).executeTakeFirst(),
  find: (id: number) => s.from('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
  async create(row: { subscriptionId: number; eventId: number | null; notificationId: string | null; topic: string; item: string; now: number }): Promise<number> {
    const id = await s.nextId();
    await s
      .insert('webhook_deliveries', {
        id,
        subscription_id: row.subscriptionId,
        event_id: row.eventId,
        notification_id: row.notificationId,
        topic: row.topic,
        item: row.item,
        status: 'pending',
        attempts: 0,
        first_sent_at: null,
        delivered_at: null,
        created_at: row.now,
      })
      .execute();
    return id;
  },
  /** One attempt made: recorded, and the delivery's state moved on. */
  async recordAttempt(
    delivery: DeliveryRow,
    attempt: { at: number; responseCode: number | null; latencyMs: number; error: string | null },
    status: 'pending' | 'delivered' | 'failed',
  ): Promise<void> {
    await s
      .insert('webhook_attempts', {
        id: await s.nextId(),
        delivery_id: delivery.id,
        attempted_at: attempt.at,
        response_code: attempt.responseCode,
        latency_ms: attempt.latencyMs,
        error: attempt.error,
      })
      .execute();
    await s
      .update('webhook_deliveries')
      .set({
        status,
        attempts: Number(delivery.attempts) + 1,
        first_sent_at: delivery.first_sent_at ?? attempt.at,
        delivered_at: status === 'delivered' ? attempt.at : null,
      })
      .where('id', '=', delivery.id)
      .execute();
  },
  /** A subscription's most recent deliveries, newest first, with their attempts. */
  async recent(subscriptionId: number, limit: number) {
    const deliveries = await s.from('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id', 'desc').limit(limit).execute();
    const ids = deliveries.map((d) => d.id);
    const attempts = ids.length === 0 ? [] : await s.from('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('id').execute();
    return deliveries.map((d) => ({ delivery: d, attempts: attempts.filter((a) => Number(a.delivery_id) === Number(d.id)) }));
  },
}));
