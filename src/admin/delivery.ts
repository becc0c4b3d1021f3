/**
 * Webhook delivery (behaviour reference §14), as two jobs of the kernel's runner.
 *
 * `events.fanout` (scheduled by `ctx.emit` in the event's own transaction): under the workspace's
 * queue lock, takes every event of the workspace waiting for fan-out, in id order, and records one
 * delivery per active subscription whose topics include the event's, each with a `webhooks.deliver`
 * job — all in the fan-out job's transaction, so a fan-out happens completely or runs again.
 *
 * Order: a write that committed before another began has the smaller event id, and any fan-out that
 * sees the later event sees the earlier one too, so it is recorded first. Concurrent writes (neither
 * committed before the other began) have no order to keep and are recorded in either. Deliveries of
 * a workspace are recorded under one lock, so their ids follow that order; each subscription then
 * sends its deliveries one at a time in id order: a delivery waits while an older one of the same
 * subscription is pending (in backoff or throttled), and goes once that one is delivered or failed.
 *
 * `webhooks.deliver`: POSTs the notification (outside any transaction: `prepare`), then records the
 * attempt in the job's transaction. A 2xx within 5 s delivers; a 429 throttles the subscription
 * (Retry-After, 1 minute to 2 hours); anything else schedules the next attempt with exponential
 * backoff and jitter, until MAX_ATTEMPTS, then the delivery is `failed`. A crash between the POST and
 * its record sends it again: at least once, never zero.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { wakeJob, type JobKinds } from '../core/jobs.js';
import { EVENT_FANOUT_JOB } from '../core/events.js';
import { scopeOf, type ScopeSource } from '../core/scope.js';
import type { Db } from '../db/database.js';
import { appSecrets, webhookDeliveries, webhookSubscriptions, type DeliveryRow } from './store.js';
import { checkAddress, guardedLookup, ipLiteral, type TargetPolicy } from './targets.js';

export const DELIVER_JOB = 'webhooks.deliver';
export const TIMEOUT_MS = 5000;
/** Attempts before a delivery is failed: with the delays below, about four hours of retrying. */
export const MAX_ATTEMPTS = 10;
/** Events one fan-out transaction takes; more wait for the next fan-out job (scheduled at once). */
const FANOUT_BATCH = 500;
/** A claim on a webhook job: the attempt's timeout with room to record it. */
const LEASE_SECONDS = 15;
/** Throttling after a 429, as Intercom does: at least a minute, at most two hours. */
export const THROTTLE_MIN_SECONDS = 60;
export const THROTTLE_MAX_SECONDS = 2 * 3600;

/** Seconds before attempt `n + 1` after `n` failed: 1 min doubling, capped at an hour, ±25%. */
export function retryDelay(attempts: number): number {
  const base = Math.min(3600, 60 * 2 ** (attempts - 1));
  return Math.ceil(base * (0.75 + Math.random() * 0.5));
}

/** Seconds a subscription rests after a 429: the receiver's Retry-After, else the backoff, within 1 min…2 h. */
export function throttleDelay(retryAfter: number | null, attempts: number): number {
  const wanted = retryAfter ?? retryDelay(attempts);
  return Math.min(THROTTLE_MAX_SECONDS, Math.max(THROTTLE_MIN_SECONDS, wanted));
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
  /** Seconds the receiver asked to wait (Retry-After), when it did. */
  retryAfter: number | null;
}

/** Retry-After as seconds from `nowMs`: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * One POST to a target the policy allows, connecting only to a checked address: never throws; a
 * refused target, timeout, refusal or non-2xx is an outcome like success. Redirects are not followed.
 */
export async function post(url: string, body: string, secret: string, policy: TargetPolicy): Promise<AttemptOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const failed = (error: string): AttemptOutcome => ({ ok: false, responseCode: null, latencyMs: latency(), error: error.slice(0, 500), retryAfter: null });
  let target: URL;
  try {
    target = new URL(url);
    const scheme = target.protocol.replace(/:$/, '');
    if (!policy.schemes.includes(scheme as 'http' | 'https')) return failed(`the ${scheme} scheme is not allowed by WEBHOOK_SCHEMES`);
    const literal = ipLiteral(target);
    if (literal) checkAddress(policy, literal);
  } catch (error) {
    return failed((error as Error).message);
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptOutcome>((resolve) => {
    const request = send(target, {
      method: 'POST',
      lookup: guardedLookup(policy),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'intercom-server-webhooks',
        'x-hub-signature': signature(body, secret),
      },
    });
    request.on('response', (response: IncomingMessage) => {
      // The body is read and dropped: a receiver's answer means nothing beyond its status.
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const retryAfter = status === 429 ? parseRetryAfter(response.headers['retry-after'], Date.now()) : null;
        resolve({ ok, responseCode: status, latencyMs: latency(), error: ok ? null : `HTTP ${status}`, retryAfter });
      });
      response.on('error', (error) => resolve(failed(error.message)));
    });
    request.on('error', (error: Error & { code?: string }) => {
      const message = error.name === 'AbortError' || error.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : error.code && !error.message.includes(error.code) ? `${error.code} ${error.message}` : error.message;
      resolve(failed(message));
    });
    request.end(body);
  });
}

interface DeliverPayload {
  delivery: number;
}

const scoped = (db: Db, workspaceId: string | null) => {
  if (!workspaceId) throw new Error('a webhook job without workspace');
  return scopeOf(db, workspaceId);
};

type Prepared = { delivery: DeliveryRow; outcome: AttemptOutcome } | { waitFor: DeliveryRow } | { paused: true };

export function webhookJobKinds(policy: TargetPolicy): JobKinds {
  return {
    [EVENT_FANOUT_JOB]: {
      leaseSeconds: LEASE_SECONDS,
      async run({ db, job, now, enqueue }) {
        const source = scoped(db, job.workspaceId);
        const deliveries = webhookDeliveries(source);
        await deliveries.lockQueue(now);
        const subscriptions = await webhookSubscriptions(source).active();
        if (subscriptions.length === 0) return deliveries.markAllFannedOut();
        const events = await deliveries.waitingEvents(FANOUT_BATCH);
        for (const event of events) {
          for (const subscription of subscriptions) {
            if (!(JSON.parse(subscription.topics) as string[]).includes(event.topic)) continue;
            const delivery = await deliveries.create({
              subscriptionId: Number(subscription.id),
              eventId: Number(event.id),
              notificationId: `notif_${randomUUID()}`,
              topic: event.topic,
              item: event.item,
              createdAt: Number(event.created_at),
              now,
            });
            await enqueue(deliverJob(job.workspaceId!, delivery, now));
          }
        }
        await deliveries.markFannedOut(events.map((e) => Number(e.id)));
        if (events.length === FANOUT_BATCH) await enqueue({ kind: EVENT_FANOUT_JOB, workspaceId: job.workspaceId, runAt: now, payload: { event: null } });
      },
    },
    [DELIVER_JOB]: {
      leaseSeconds: LEASE_SECONDS,
      // A failed attempt is an outcome recorded by `run`, not a thrown error: the runner's own
      // retries are left for database failures.
      async prepare({ db, job, now }): Promise<Prepared | undefined> {
        const source = scoped(db, job.workspaceId);
        const delivery = await webhookDeliveries(source).find((job.payload as DeliverPayload).delivery);
        if (!delivery || delivery.status !== 'pending') return undefined;
        const head = await webhookDeliveries(source).head(Number(delivery.subscription_id));
        if (head && Number(head.id) !== Number(delivery.id)) return { waitFor: head };
        const subscription = await webhookSubscriptions(source).find(Number(delivery.subscription_id));
        if (!subscription) return undefined;
        // A deactivated subscription keeps its queue without a job; activating it again resumes it.
        if (Number(subscription.active) !== 1) return { paused: true };
        const secret = await appSecrets(source).clientSecret(now);
        const body = JSON.stringify(envelope(job.workspaceId!, delivery, now));
        return { delivery, outcome: await post(subscription.url, body, secret, policy) };
      },
      async run({ db, job, now, prepared, enqueue }) {
        const state = prepared as Prepared | undefined;
        if (!state || 'paused' in state) return;
        if ('waitFor' in state) {
          // Behind an older pending delivery: wake when it is next tried (it runs first then, its
          // job being older), or in a second if it is being tried right now.
          const headAt = Number(state.waitFor.next_attempt_at ?? now);
          await enqueue({ ...deliverJob(job.workspaceId!, Number((job.payload as DeliverPayload).delivery), now), runAt: headAt > now ? headAt : now + 1 });
          return;
        }
        const { delivery, outcome } = state;
        const source = scoped(db, job.workspaceId);
        // The subscription may have gone meanwhile (its deliveries with it): nothing to record.
        const current = await webhookDeliveries(source).find(Number(delivery.id));
        if (!current || current.status !== 'pending') return;
        const attempts = Number(current.attempts) + 1;
        const status = outcome.ok ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
        const delay = outcome.responseCode === 429 ? throttleDelay(outcome.retryAfter, attempts) : retryDelay(attempts);
        const nextAt = status === 'pending' ? now + delay : null;
        await webhookDeliveries(source).recordAttempt(current, { at: now, ...outcome }, status, nextAt);
        if (nextAt !== null) {
          await enqueue({ ...deliverJob(job.workspaceId!, Number(current.id), now), runAt: nextAt });
          return;
        }
        // Done with this one: the subscription's next delivery, which may be waiting for it, goes now.
        const next = await webhookDeliveries(source).head(Number(current.subscription_id));
        if (next) await wakeJob(db, deliverJob(job.workspaceId!, Number(next.id), now).uniqueKey, now);
      },
    },
  };
}

/** Schedules a subscription's next pending delivery now (it is activated again); a no-op when none waits. */
export async function resumeDeliveries(source: ScopeSource, enqueue: (job: ReturnType<typeof deliverJob>) => Promise<void>, subscriptionId: number, now: number) {
  const head = await webhookDeliveries(source).head(subscriptionId);
  if (head) await enqueue(deliverJob(source.workspace.id, Number(head.id), now));
}

/** A delivery's job: one per delivery (its key), so its turn coming can bring it forward. */
export const deliverJob = (workspaceId: string, delivery: number, now: number) => ({
  kind: DELIVER_JOB,
  workspaceId,
  runAt: now,
  uniqueKey: `${DELIVER_JOB}:${workspaceId}:${delivery}`,
  payload: { delivery } satisfies DeliverPayload,
});
