/**
 * Webhook delivery (issue 9 §1, behaviour reference §14), as two jobs of the kernel's runner.
 *
 * `events.fanout` (scheduled by `ctx.emit` in the event's own transaction): records one delivery per
 * active subscription of the workspace whose topics include the event's, and schedules a
 * `webhooks.deliver` job for each — in the fan-out job's transaction, so the fan-out either happens
 * completely or runs again.
 *
 * `webhooks.deliver`: POSTs the notification (outside any transaction: `prepare`), then records the
 * attempt in the job's transaction. A 2xx within 5 s delivers; anything else schedules the next
 * attempt with exponential backoff and jitter, until MAX_ATTEMPTS, then the delivery is `failed`.
 * A crash between the POST and its record sends it again: at least once, never zero.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JobKinds } from '../core/jobs.js';
import { EVENT_FANOUT_JOB } from '../core/events.js';
import { scopeOf } from '../core/scope.js';
import type { Db } from '../db/database.js';
import { appSecrets, webhookDeliveries, webhookSubscriptions, type DeliveryRow } from './store.js';

export const DELIVER_JOB = 'webhooks.deliver';
export const TIMEOUT_MS = 5000;
/** Attempts before a delivery is failed: with the delays below, about four hours of retrying. */
export const MAX_ATTEMPTS = 10;

/** Seconds before attempt `n + 1` after `n` failed: 1 min doubling, capped at an hour, ±25%. */
export function retryDelay(attempts: number): number {
  const base = Math.min(3600, 60 * 2 ** (attempts - 1));
  return Math.ceil(base * (0.75 + Math.random() * 0.5));
}

export const signature = (body: string, secret: string) => `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;

/** The §14 envelope of one attempt of a delivery. */
export function envelope(appId: string, delivery: DeliveryRow, now: number) {
  return {
    type: 'notification_event',
    app_id: appId,
    data: { type: 'notification_event_data', item: JSON.parse(delivery.item) as unknown },
    links: {},
    id: delivery.notification_id,
    topic: delivery.topic,
    delivery_status: 'pending',
    delivery_attempts: Number(delivery.attempts) + 1,
    delivered_at: 0,
    first_sent_at: Number(delivery.first_sent_at ?? now),
    created_at: Number(delivery.created_at),
    self: null,
  };
}

export interface AttemptOutcome {
  ok: boolean;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One POST: never throws; a timeout, refusal or non-2xx is an outcome like success. */
export async function post(url: string, body: string, secret: string): Promise<AttemptOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'user-agent': 'intercom-server-webhooks', 'x-hub-signature': signature(body, secret) },
    });
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, responseCode: response.status, latencyMs: latency(), error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message = (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : cause ?? (error as Error).message;
    return { ok: false, responseCode: null, latencyMs: latency(), error: String(message).slice(0, 500) };
  }
}

interface DeliverPayload {
  delivery: number;
}

const scoped = (db: Db, workspaceId: string | null) => {
  if (!workspaceId) throw new Error('a webhook job without workspace');
  return scopeOf(db, workspaceId);
};

export function webhookJobKinds(): JobKinds {
  return {
    [EVENT_FANOUT_JOB]: {
      async run({ db, job, now, enqueue }) {
        const source = scoped(db, job.workspaceId);
        const eventId = Number((job.payload as { event: number }).event);
        const event = await webhookDeliveries(source).event(eventId);
        if (!event) return;
        for (const subscription of await webhookSubscriptions(source).active()) {
          if (!(JSON.parse(subscription.topics) as string[]).includes(event.topic)) continue;
          const delivery = await webhookDeliveries(source).create({
            subscriptionId: Number(subscription.id),
            eventId,
            notificationId: `notif_${randomUUID()}`,
            topic: event.topic,
            item: event.item,
            now: Number(event.created_at),
          });
          await enqueue({ kind: DELIVER_JOB, workspaceId: job.workspaceId, runAt: now, payload: { delivery } satisfies DeliverPayload });
        }
      },
    },
    [DELIVER_JOB]: {
      // A failed attempt is an outcome recorded by `run`, not a thrown error: the runner's own
      // retries are left for database failures.
      async prepare({ db, job, now }) {
        const source = scoped(db, job.workspaceId);
        const delivery = await webhookDeliveries(source).find((job.payload as DeliverPayload).delivery);
        if (!delivery || delivery.status !== 'pending') return undefined;
        const subscription = await webhookSubscriptions(source).find(Number(delivery.subscription_id));
        if (!subscription) return undefined;
        const secret = await appSecrets(source).clientSecret(now);
        const body = JSON.stringify(envelope(job.workspaceId!, delivery, now));
        return { delivery, outcome: await post(subscription.url, body, secret) };
      },
      async run({ db, job, now, prepared, enqueue }) {
        if (!prepared) return;
        const { delivery, outcome } = prepared as { delivery: DeliveryRow; outcome: AttemptOutcome };
        const source = scoped(db, job.workspaceId);
        // The subscription may have gone meanwhile (its deliveries with it): nothing to record.
        const current = await webhookDeliveries(source).find(Number(delivery.id));
        if (!current || current.status !== 'pending') return;
        const attempts = Number(current.attempts) + 1;
        const status = outcome.ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
        await webhookDeliveries(source).recordAttempt(current, { at: now, ...outcome }, status);
        if (status === 'pending') {
          await enqueue({ kind: DELIVER_JOB, workspaceId: job.workspaceId, runAt: now + retryDelay(attempts), payload: { delivery: Number(current.id) } });
        }
      },
    },
  };
}
