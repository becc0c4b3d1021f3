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

export const DELIVERY_OUTCOMES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const webhookDeliveries = defineStore((s) => ({
  /**
   * Serialises the workspace's fan-outs, pings and redeliveries until the transaction ends (a row
   * lock on PostgreSQL; SQLite has one writer anyway): deliveries then get their ids in commit order.
   */
  async lockQueue(now: number): Promise<void> {
    await s
      .insert('webhook_fanout_locks', { touched_at: now })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ touched_at: now }))
      .execute();
  },
  /** Events waiting for their fan-out, oldest first. */
  waitingEvents: (limit: number) =>
    s.from('events').select(['id', 'topic', 'item', 'created_at']).where('pending_fanout', 'is not', null).orderBy('id').limit(limit).execute(),
  /** With no subscription to fan out to, every waiting event is done at once. */
  async markAllFannedOut(): Promise<void> {
    await s.update('events').set({ pending_fanout: null }).where('pending_fanout', 'is not', null).execute();
  },
  async markFannedOut(ids: number[]): Promise<void> {
    if (ids.length > 0) await s.update('events').set({ pending_fanout: null }).where('id', 'in', ids).execute();
  },
  find: (id: number) => s.from('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
  /** One delivery of one subscription (a delivery id of another subscription is not found). */
  require(subscriptionId: number, rawId: unknown): Promise<DeliveryRow> {
    return requireRow(
      rawId,
      numericId,
      (id) => s.from('webhook_deliveries').selectAll().where('id', '=', id).where('subscription_id', '=', subscriptionId).executeTakeFirst(),
      deliveryNotFound,
    );
  },
  /** The subscription's oldest pending delivery: the one that goes next. */
  head: (subscriptionId: number) =>
    s
      .from('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst(),
  async create(row: {
    subscriptionId: number;
    eventId: number | null;
    notificationId: string | null;
    topic: string;
    item: string;
    now: number;
    createdAt?: number;
    redeliveryOf?: number;
  }): Promise<number> {
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
        created_at: row.createdAt ?? row.now,
        next_attempt_at: row.now,
        redelivery_of: row.redeliveryOf ?? null,
      })
      .execute();
    return id;
  },
  /** One attempt made: recorded, and the delivery's state moved on. */
  async recordAttempt(
    delivery: DeliveryRow,
    attempt: { at: number; responseCode: number | null; latencyMs: number; error: string | null },
    status: DeliveryOutcome,
    nextAttemptAt: number | null,
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
        next_attempt_at: nextAttemptAt,
      })
      .where('id', '=', delivery.id)
      .execute();
  },
  /** A subscription's most recent deliveries (optionally of one topic or outcome), newest first, with their attempts. */
  async recent(subscriptionId: number, limit: number, filter: { topic?: string; outcome?: DeliveryOutcome; id?: number } = {}) {
    let query = s.from('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
    if (filter.topic !== undefined) query = query.where('topic', '=', filter.topic);
    if (filter.outcome !== undefined) query = query.where('status', '=', filter.outcome);
    if (filter.id !== undefined) query = query.where('id', '=', filter.id);
    const deliveries = await query.orderBy('id', 'desc').limit(limit).execute();
    const ids = deliveries.map((d) => d.id);
    const attempts = ids.length === 0 ? [] : await s.from('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('id').execute();
    return deliveries.map((d) => ({ delivery: d, attempts: attempts.filter((a) => Number(a.delivery_id) === Number(d.id)) }));
  },
}));
