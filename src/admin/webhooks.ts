/** `/_admin/app` and `/_admin/webhooks…`: the app's signing secret and webhook subscriptions. */
import { TOPICS, type Topic } from '../core/events.js';
import type { Ctx } from '../core/context.js';
import { ApiError, badRequest, missingParameter } from '../errors.js';
import { deliverJob, resumeDeliveries } from './delivery.js';
import { appSecrets, DELIVERY_OUTCOMES, subscriptionNotFound, webhookDeliveries, webhookSubscriptions, type DeliveryOutcome, type DeliveryRow, type SubscriptionRow } from './store.js';
import { checkUrl, type TargetPolicy } from './targets.js';

export interface AdminInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

export type AdminHandler = (ctx: Ctx, input: AdminInput) => Promise<unknown>;

const KNOWN_TOPICS = new Set<string>(TOPICS);
const DELIVERIES_SHOWN = 50;

const subscriptionWire = (row: SubscriptionRow) => ({
  type: 'webhook_subscription',
  id: String(row.id),
  url: row.url,
  topics: JSON.parse(row.topics) as Topic[],
  active: Number(row.active) === 1,
  created_at: Number(row.created_at),
  updated_at: Number(row.updated_at),
});

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object', 'bad_request');
  return body as Record<string, unknown>;
}

/** A target URL as saved: syntax and scheme, and an IP-literal host's range (targets.ts). */
function parseUrl(policy: TargetPolicy, raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('url must be an http or https URL', 'parameter_invalid', 'url');
  const checked = checkUrl(policy, raw);
  if ('refused' in checked) throw badRequest(checked.refused, 'parameter_invalid', 'url');
  return checked.url;
}

function parseTopics(raw: unknown): Topic[] {
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest('topics must be a non-empty list of topics', 'parameter_invalid', 'topics');
  const unknown = raw.filter((t) => typeof t !== 'string' || !KNOWN_TOPICS.has(t));
  if (unknown.length > 0) throw badRequest(`Unknown topics: ${unknown.map((t) => JSON.stringify(t)).join(', ')}`, 'parameter_invalid', 'topics');
  return [...new Set(raw as Topic[])];
}

function parseActive(raw: unknown): boolean {
  if (typeof raw !== 'boolean') throw badRequest('active must be true or false', 'parameter_invalid', 'active');
  return raw;
}

export const adminApp: AdminHandler = async (ctx) => ({
  type: 'app',
  id_code: ctx.workspace.id,
  name: ctx.workspace.name,
  region: ctx.workspace.region,
  timezone: ctx.workspace.timezone,
  client_secret: await appSecrets(ctx).clientSecret(ctx.clock.now()),
});

export interface SubscriptionChanges {
  url?: string;
  topics?: Topic[];
  active?: boolean;
}

/**
 * A subscription's fields from a request body (or the workspace CLI), validated: a new one needs
 * `url` and `topics`; an update may give any of the three. Throws the API's 400s.
 */
export function subscriptionFields(policy: TargetPolicy, body: unknown, creating: boolean): SubscriptionChanges {
  const fields = bodyObject(body);
  if (creating && fields.url === undefined) throw missingParameter('url is required', 'url');
  if (creating && fields.topics === undefined) throw missingParameter('topics is required', 'topics');
  return {
    url: fields.url === undefined ? undefined : parseUrl(policy, fields.url),
    topics: fields.topics === undefined ? undefined : parseTopics(fields.topics),
    active: fields.active === undefined ? (creating ? true : undefined) : parseActive(fields.active),
  };
}

export const createSubscription: AdminHandler = async (ctx, { body }) => {
  const { url, topics, active } = subscriptionFields(ctx.config.webhookTargets, body, true);
  const store = webhookSubscriptions(ctx);
  const id = await store.create({ url: url!, topics: topics!, active: active!, now: ctx.clock.now() });
  return subscriptionWire(await store.require(id));
};

export const listSubscriptions: AdminHandler = async (ctx) => ({
  type: 'list',
  data: (await webhookSubscriptions(ctx).list()).map(subscriptionWire),
});

export const showSubscription: AdminHandler = async (ctx, { params }) => subscriptionWire(await webhookSubscriptions(ctx).require(params.id));

export const updateSubscription: AdminHandler = async (ctx, { params, body }) => {
  const store = webhookSubscriptions(ctx);
  const row = await store.require(params.id);
  const changes = subscriptionFields(ctx.config.webhookTargets, body, false);
  await store.update(Number(row.id), { ...changes, now: ctx.clock.now() });
  if (changes.active === true && Number(row.active) !== 1) await resumeDeliveries(ctx, ctx.enqueue, Number(row.id), ctx.clock.now());
  return subscriptionWire(await store.require(row.id));
};

export const deleteSubscription: AdminHandler = async (ctx, { params }) => {
  const store = webhookSubscriptions(ctx);
  const row = await store.require(params.id);
  if (!(await store.remove(Number(row.id)))) throw subscriptionNotFound();
  return { type: 'webhook_subscription', id: String(row.id), deleted: true };
};

const deliveryWire = ({ delivery, attempts }: Awaited<ReturnType<ReturnType<typeof webhookDeliveries>['recent']>>[number]) => ({
  type: 'webhook_delivery',
  id: String(delivery.id),
  notification_id: delivery.notification_id,
  topic: delivery.topic,
  status: delivery.status,
  attempts: Number(delivery.attempts),
  first_sent_at: delivery.first_sent_at === null ? null : Number(delivery.first_sent_at),
  delivered_at: delivery.delivered_at === null ? null : Number(delivery.delivered_at),
  created_at: Number(delivery.created_at),
  next_attempt_at: delivery.status === 'pending' && delivery.next_attempt_at !== null ? Number(delivery.next_attempt_at) : null,
  redelivery_of: delivery.redelivery_of === null ? null : String(delivery.redelivery_of),
  attempt_log: attempts.map((a) => ({
    attempted_at: Number(a.attempted_at),
    response_code: a.response_code === null ? null : Number(a.response_code),
    latency_ms: Number(a.latency_ms),
    error: a.error,
  })),
});

const OUTCOMES = new Set<string>(DELIVERY_OUTCOMES);

/** `?topic=` and `?outcome=` of the delivery log, validated (one value each). */
function deliveryFilter(query: Record<string, unknown>): { topic?: string; outcome?: DeliveryOutcome } {
  const { topic, outcome } = query;
  if (topic !== undefined && (typeof topic !== 'string' || !KNOWN_TOPICS.has(topic))) {
    throw badRequest('topic must be one of the webhook topics', 'parameter_invalid', 'topic');
  }
  if (outcome !== undefined && (typeof outcome !== 'string' || !OUTCOMES.has(outcome))) {
    throw badRequest(`outcome must be one of ${DELIVERY_OUTCOMES.join(', ')}`, 'parameter_invalid', 'outcome');
  }
  return { topic: topic as string | undefined, outcome: outcome as DeliveryOutcome | undefined };
}

export const listDeliveries: AdminHandler = async (ctx, { params, query }) => {
  const subscription = await webhookSubscriptions(ctx).require(params.id);
  const recent = await webhookDeliveries(ctx).recent(Number(subscription.id), DELIVERIES_SHOWN, deliveryFilter(query));
  return { type: 'list', data: recent.map(deliveryWire) };
};

/** Records a delivery and schedules its first attempt; it goes after the subscription's older ones. */
async function queueDelivery(ctx: Ctx, subscriptionId: number, row: Omit<Parameters<ReturnType<typeof webhookDeliveries>['create']>[0], 'subscriptionId' | 'now'>) {
  const store = webhookDeliveries(ctx);
  const now = ctx.clock.now();
  await store.lockQueue(now);
  const id = await store.create({ ...row, subscriptionId, now });
  await ctx.enqueue(deliverJob(ctx.workspace.id, id, now));
  const [created] = await store.recent(subscriptionId, 1, { id });
  return deliveryWire(created);
}

/** Sends a `ping` notification: a delivery scheduled at once, queued and retried like any other. */
export const pingSubscription: AdminHandler = async (ctx, { params, body }) => {
  const subscription = await webhookSubscriptions(ctx).require(params.id);
  const fields = bodyObject(body);
  if (fields.message !== undefined && typeof fields.message !== 'string') throw new ApiError('parameter_invalid', 'message must be a string', 'message');
  const message = (fields.message as string | undefined) ?? 'Ping from your local Intercom';
  return queueDelivery(ctx, Number(subscription.id), { eventId: null, notificationId: null, topic: 'ping', item: JSON.stringify({ type: 'ping', message }) });
};

/**
 * Sends a past delivery's notification again, as a new delivery with its own attempts: the same
 * notification id, topic, item and created_at, so a receiver that deduplicates by id sees a repeat.
 * A delivery still pending is already being sent, and is refused.
 */
export const redeliver: AdminHandler = async (ctx, { params }) => {
  const subscription = await webhookSubscriptions(ctx).require(params.id);
  const original: DeliveryRow = await webhookDeliveries(ctx).require(Number(subscription.id), params.delivery_id);
  if (original.status === 'pending') throw badRequest('This delivery is still pending: it is sent without asking', 'parameter_invalid', 'delivery_id');
  return queueDelivery(ctx, Number(subscription.id), {
    eventId: original.event_id === null ? null : Number(original.event_id),
    notificationId: original.notification_id,
    topic: original.topic,
    item: original.item,
    createdAt: Number(original.created_at),
    redeliveryOf: Number(original.id),
  });
};
