/** `/_admin/app` and `/_admin/webhooks…`: the app's signing secret and webhook subscriptions. */
import { TOPICS, type Topic } from '../core/events.js';
import type { Ctx } from '../core/context.js';
import { ApiError, badRequest, missingParameter } from '../errors.js';
import { DELIVER_JOB } from './delivery.js';
import { appSecrets, subscriptionNotFound, webhookDeliveries, webhookSubscriptions, type SubscriptionRow } from './store.js';

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

function parseUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw badRequest('url must be an http or https URL', 'parameter_invalid', 'url');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badRequest('url must be an http or https URL', 'parameter_invalid', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('url must be an http or https URL', 'parameter_invalid', 'url');
  if (url.username || url.password) throw badRequest('url must not carry credentials', 'parameter_invalid', 'url');
  return url.toString();
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

export const createSubscription: AdminHandler = async (ctx, { body }) => {
  const fields = bodyObject(body);
  if (fields.url === undefined) throw missingParameter('url is required', 'url');
  if (fields.topics === undefined) throw missingParameter('topics is required', 'topics');
  const url = parseUrl(fields.url);
  const topics = parseTopics(fields.topics);
  const active = fields.active === undefined ? true : parseActive(fields.active);
  const store = webhookSubscriptions(ctx);
  const id = await store.create({ url, topics, active, now: ctx.clock.now() });
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
  const fields = bodyObject(body);
  const changes = {
    url: fields.url === undefined ? undefined : parseUrl(fields.url),
    topics: fields.topics === undefined ? undefined : parseTopics(fields.topics),
    active: fields.active === undefined ? undefined : parseActive(fields.active),
  };
  await store.update(Number(row.id), { ...changes, now: ctx.clock.now() });
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
  attempt_log: attempts.map((a) => ({
    attempted_at: Number(a.attempted_at),
    response_code: a.response_code === null ? null : Number(a.response_code),
    latency_ms: Number(a.latency_ms),
    error: a.error,
  })),
});

export const listDeliveries: AdminHandler = async (ctx, { params }) => {
  const subscription = await webhookSubscriptions(ctx).require(params.id);
  const recent = await webhookDeliveries(ctx).recent(Number(subscription.id), DELIVERIES_SHOWN);
  return { type: 'list', data: recent.map(deliveryWire) };
};

/** Sends a `ping` notification now: a delivery scheduled to run at once, retried like any other. */
export const pingSubscription: AdminHandler = async (ctx, { params, body }) => {
  const subscription = await webhookSubscriptions(ctx).require(params.id);
  const fields = bodyObject(body);
  if (fields.message !== undefined && typeof fields.message !== 'string') throw new ApiError('parameter_invalid', 'message must be a string', 'message');
  const message = (fields.message as string | undefined) ?? 'Ping from your local Intercom';
  const store = webhookDeliveries(ctx);
  const id = await store.create({
    subscriptionId: Number(subscription.id),
    eventId: null,
    notificationId: null,
    topic: 'ping',
    item: JSON.stringify({ type: 'ping', message }),
    now: ctx.clock.now(),
  });
  await ctx.enqueue({ kind: DELIVER_JOB, runAt: ctx.clock.now(), payload: { delivery: id } });
  const [created] = (await store.recent(Number(subscription.id), 1)).filter((d) => Number(d.delivery.id) === id);
  return deliveryWire(created);
};
