/** Data events: createDataEvent, lisDataEvents (a contact's events, or their summaries), dataEventSummaries. */
import { Reply, type Ctx, type Handlers } from '../../core/context.js';
import type { ContactsTable } from '../../db/schema.js';
import { badRequest, missingParameter } from '../../errors.js';
import { perPage } from '../../http/pagination.js';
import { MAX_DATE } from '../../search/dates.js';
import { contactNotFound, contacts } from '../contacts/public.js';
import { eventMetadata } from './metadata.js';
import { dataEvents, type EventCursor } from './store.js';
import { dataEventWire, summaryWire } from './wire.js';

/** The body of POST /events: the spec's `anyOf` of identifiers is typed `unknown` by the generator. */
interface DataEventInput {
  event_name?: unknown;
  created_at?: unknown;
  id?: unknown;
  user_id?: unknown;
  email?: unknown;
  metadata?: unknown;
}

/** GET /events lists only events of the last 90 days (summaries count every event). */
const LISTED_SECONDS = 90 * 24 * 60 * 60;
/** The operation's own default page size. */
const EVENTS_PER_PAGE = 15;

const given = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The contact an event names: by Intercom's `id` (users and leads), else by `user_id` (a user's
 * external_id), else by `email` (a user's). Leads are named by id only, as Intercom documents for
 * lead events. An identifier that names nobody is 404 "User Not Found".
 */
async function contactNamed(ctx: Ctx, ids: { id?: unknown; user_id?: unknown; email?: unknown }, idField = 'id'): Promise<ContactsTable> {
  if (given(ids.id)) return contacts(ctx).require(ids.id);
  const user = (row: ContactsTable | undefined) => (row && row.role === 'user' ? row : undefined);
  if (given(ids.user_id)) return user(await contacts(ctx).findIdentityClash({ externalId: ids.user_id })) ?? throwNotFound();
  if (given(ids.email)) return user(await contacts(ctx).findIdentityClash({ email: ids.email })) ?? throwNotFound();
  throw missingParameter(`${idField}, user_id or email is required`, idField);
}

const throwNotFound = (): never => {
  throw contactNotFound();
};

function eventName(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw missingParameter(`${field} is required`, field);
  return raw.trim();
}

/** Unix seconds from 1970 to the end of year 9999: summaries show times as ISO dates, which stop there. */
function timestamp(raw: unknown, field: string): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 0 || raw > MAX_DATE) {
    throw badRequest(`${field} must be a unix timestamp in seconds`, 'parameter_invalid', field);
  }
  return raw;
}

/** GET /events' `before` cursor: the (created_at, id) of the last event of the previous page. */
function parseBefore(raw: string | undefined): EventCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{1,15})_(\d{1,15})$/.exec(raw);
  if (!match) throw badRequest('before is not a cursor this server gave', 'parameter_invalid', 'before');
  return { createdAt: Number(match[1]), id: Number(match[2]) };
}

export const dataEventHandlers: Handlers = {
  /**
   * POST /events → 202 with no body. A repeat (same contact, name and created_at) is accepted and
   * dropped, as Intercom does; a new event records `event.created`.
   */
  async createDataEvent(ctx, { body }) {
    const input = (body ?? {}) as DataEventInput;
    const name = eventName(input.event_name, 'event_name');
    const createdAt = timestamp(input.created_at, 'created_at');
    const metadata = eventMetadata(input.metadata);
    const contact = await contactNamed(ctx, input);
    const row = await dataEvents(ctx).record({ contact_id: contact.id, event_name: name, created_at: createdAt, metadata: JSON.stringify(metadata) });
    if (row) await ctx.emit('event.created', dataEventWire(row, contact));
    return new Reply(202);
  },

  /**
   * GET /events?type=user&(intercom_user_id|user_id|email)=…: the contact's events of the last 90
   * days, newest first, `per_page` at a time (`pages.next` while more remain); with `summary=true`,
   * one summary per event name over all time.
   */
  async lisDataEvents(ctx, { query }) {
    if (query.type !== 'user') throw badRequest("type must be 'user'", 'parameter_invalid', 'type');
    const contact = await contactNamed(ctx, { id: query.intercom_user_id, user_id: query.user_id, email: query.email }, 'intercom_user_id');
    if (query.summary === true) return summaryWire(contact, await dataEvents(ctx).summaries(contact.id));
    const limit = perPage(query.per_page, EVENTS_PER_PAGE);
    const rows = await dataEvents(ctx).page(contact.id, { since: ctx.clock.now() - LISTED_SECONDS, before: parseBefore(query.before), limit: limit + 1 });
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    const next =
      rows.length > limit
        ? `/events?${new URLSearchParams({ type: 'user', intercom_user_id: contact.id, per_page: String(limit), before: `${last.created_at}_${last.id}` })}`
        : undefined;
    return { type: 'event.list', events: shown.map((r) => dataEventWire(r, contact)), pages: next ? { next } : {} };
  },

  /**
   * POST /events/summaries: adds `count` occurrences of an event between `first` and `last` to a
   * user's summary (a missing `first` or `last` takes the other's value; both missing, now). No event
   * topic: no single event happened.
   */
  async dataEventSummaries(ctx, { body }) {
    const input = body ?? {};
    if (!given(input.user_id)) throw missingParameter('user_id is required', 'user_id');
    const summary = input.event_summaries;
    if (summary === undefined) throw missingParameter('event_summaries is required', 'event_summaries');
    const name = eventName(summary.event_name, 'event_summaries.event_name');
    const count = summary.count;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
      throw badRequest('event_summaries.count must be a whole number, at least 1', 'parameter_invalid', 'event_summaries.count');
    }
    const first = summary.first === undefined ? undefined : timestamp(summary.first, 'event_summaries.first');
    const last = summary.last === undefined ? undefined : timestamp(summary.last, 'event_summaries.last');
    const from = first ?? last ?? ctx.clock.now();
    const to = last ?? first ?? from;
    if (from > to) throw badRequest('event_summaries.first must not be after last', 'parameter_invalid', 'event_summaries.first');
    const contact = await contactNamed(ctx, { user_id: input.user_id }, 'user_id');
    await dataEvents(ctx).addToSummary(contact.id, name, count, from, to);
    return new Reply(200);
  },
};
