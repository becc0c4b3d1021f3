/**
 * News: listNewsItems, createNewsItem, retrieveNewsItem, updateNewsItem, deleteNewsItem, and the
 * newsfeeds (listNewsfeeds, retrieveNewsfeed, listLiveNewsfeedItems). Newsfeeds are not written
 * through the API (Intercom sets them up in its UI): every workspace starts with one (seed.ts).
 * Behaviour §14 lists no news topics, so nothing here records an event.
 */
import type { Ctx, Handlers } from '../../core/context.js';
import type { NewsItemsTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { numberedPage, pageNumber, pageOffset, perPage } from '../../http/pagination.js';
import { admins } from '../admins/public.js';
import { newsfeeds, newsItems, type Assignment, type NewsItemChanges } from './store.js';
import { deletedNewsItem, newsfeedWire, newsItemNotFound, newsItemWire } from './wire.js';

type NewsItemRequest = components['schemas']['news_item_request'];

/** Intercom's per-page defaults, as its examples show them: 10 for items and newsfeeds, 20 on a newsfeed. */
const ITEMS_PER_PAGE = 10;
const NEWSFEEDS_PER_PAGE = 10;
const FEED_ITEMS_PER_PAGE = 20;

/** A news item starts with Intercom's four default reaction slots, none chosen yet. */
const DEFAULT_REACTIONS = [null, null, null, null];

function pageOf(query: { page?: number; per_page?: number }, fallback: number) {
  const page = pageNumber(query.page);
  const limit = perPage(query.per_page, fallback);
  return { page, limit, offset: pageOffset(page, limit) };
}

/** Items as the API shows them, each with its assignments (read in one query). */
async function shownMany(ctx: Ctx, rows: NewsItemsTable[]) {
  const assignments = await newsItems(ctx).assignmentsOf(rows.map((r) => Number(r.id)));
  return rows.map((row) => newsItemWire(row, assignments.get(Number(row.id)) ?? []));
}

async function shown(ctx: Ctx, id: number) {
  return (await shownMany(ctx, [await newsItems(ctx).require(id)]))[0];
}

/** The sender must be a teammate of this workspace (another workspace's admin is no one here). */
async function checkSender(ctx: Ctx, senderId: number): Promise<void> {
  await admins(ctx).require(senderId, () => badRequest('sender_id must be the id of a teammate of this workspace', 'parameter_invalid', 'sender_id'));
}

function checkTitle(title: string): string {
  if (title.trim() === '') throw badRequest('title must not be blank', 'parameter_invalid', 'title');
  return title;
}

/** Labels are kept once each, in order (Intercom answers them sorted). */
const sortedLabels = (labels: string[]) => JSON.stringify([...new Set(labels)].sort());

/**
 * The assignments a body asks for, checked: each newsfeed once and of this workspace, and no publish
 * date in the future (Intercom schedules only in its UI). A draft's dates are ignored: it gets one
 * when it goes live; a live item's missing date is now.
 */
async function assignmentsOf(ctx: Ctx, requested: components['schemas']['newsfeed_assignment'][], state: string): Promise<Assignment[]> {
  const now = ctx.clock.now();
  const ids = requested.map((a) => a.newsfeed_id);
  if (new Set(ids).size !== ids.length) throw badRequest('newsfeed_assignments names a newsfeed more than once', 'parameter_invalid', 'newsfeed_assignments');
  const existing = await newsfeeds(ctx).existing(ids.filter((id) => Number.isSafeInteger(id) && id > 0));
  for (const id of ids) {
    if (!existing.has(id)) throw badRequest(`Newsfeed ${id} does not exist`, 'parameter_invalid', 'newsfeed_assignments.newsfeed_id');
  }
  return requested.map((a) => {
    if (state !== 'live') return { newsfeed_id: a.newsfeed_id, published_at: null };
    if (a.published_at !== null && a.published_at !== undefined && a.published_at > now) {
      throw badRequest('published_at cannot be in the future', 'parameter_invalid', 'newsfeed_assignments.published_at');
    }
    return { newsfeed_id: a.newsfeed_id, published_at: a.published_at ?? now };
  });
}

/** The column changes of an update; fields left out stay as they are. */
function changesOf(body: NewsItemRequest): NewsItemChanges {
  const changes: NewsItemChanges = {};
  if (body.title !== undefined) changes.title = checkTitle(body.title);
  if (body.body !== undefined) changes.body = body.body;
  if (body.sender_id !== undefined) changes.sender_id = body.sender_id;
  if (body.state !== undefined) changes.state = body.state;
  if (body.labels !== undefined) changes.labels = sortedLabels(body.labels);
  if (body.reactions !== undefined) changes.reactions = JSON.stringify(body.reactions);
  if (body.deliver_silently !== undefined) changes.deliver_silently = body.deliver_silently ? 1 : 0;
  return changes;
}

export const newsHandlers: Handlers = {
  async listNewsItems(ctx, { query }) {
    const { page, limit, offset } = pageOf(query, ITEMS_PER_PAGE);
    const { rows, total } = await newsItems(ctx).list({ offset, limit });
    return { type: 'list', data: await shownMany(ctx, rows), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },

  async createNewsItem(ctx, { body }) {
    await checkSender(ctx, body.sender_id);
    const state = body.state ?? 'draft';
    const assignments = await assignmentsOf(ctx, body.newsfeed_assignments ?? [], state);
    const now = ctx.clock.now();
    const id = await newsItems(ctx).insert({
      title: checkTitle(body.title),
      body: body.body ?? '',
      sender_id: body.sender_id,
      state,
      labels: sortedLabels(body.labels ?? []),
      reactions: JSON.stringify(body.reactions ?? DEFAULT_REACTIONS),
      deliver_silently: body.deliver_silently ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    await newsItems(ctx).replaceAssignments(id, assignments);
    return shown(ctx, id);
  },

  async retrieveNewsItem(ctx, { params }) {
    return shown(ctx, Number((await newsItems(ctx).require(params.news_item_id)).id));
  },

  /**
   * PUT: the fields sent change, the rest stay. `newsfeed_assignments`, when sent, replaces the
   * item's assignments. Going live publishes the assignments that have no date yet, now; going back
   * to draft takes the item off its newsfeeds (and clears their dates, for the next time it goes live).
   */
  async updateNewsItem(ctx, { params, body }) {
    const current = await newsItems(ctx).require(params.news_item_id);
    const id = Number(current.id);
    if (body.sender_id !== undefined) await checkSender(ctx, body.sender_id);
    const state = body.state ?? current.state;
    const now = ctx.clock.now();
    if (body.newsfeed_assignments !== undefined) await newsItems(ctx).replaceAssignments(id, await assignmentsOf(ctx, body.newsfeed_assignments, state));
    else if (state !== current.state) await newsItems(ctx).setPublished(id, state === 'live' ? now : null);
    await newsItems(ctx).update(id, { ...changesOf(body), updated_at: now });
    return shown(ctx, id);
  },

  async deleteNewsItem(ctx, { params }) {
    const item = await newsItems(ctx).require(params.news_item_id);
    if (!(await newsItems(ctx).delete(Number(item.id)))) throw newsItemNotFound();
    return deletedNewsItem(Number(item.id));
  },

  async listNewsfeeds(ctx, { query }) {
    const { page, limit, offset } = pageOf(query, NEWSFEEDS_PER_PAGE);
    const { rows, total } = await newsfeeds(ctx).list({ offset, limit });
    return { type: 'list', data: rows.map(newsfeedWire), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },

  async retrieveNewsfeed(ctx, { params }) {
    return newsfeedWire(await newsfeeds(ctx).require(params.newsfeed_id));
  },

  /** The items live on the newsfeed now (see `newsItems.liveIn`). */
  async listLiveNewsfeedItems(ctx, { params, query }) {
    const feed = await newsfeeds(ctx).require(params.newsfeed_id);
    const { page, limit, offset } = pageOf(query, FEED_ITEMS_PER_PAGE);
    const { rows, total } = await newsItems(ctx).liveIn(Number(feed.id), ctx.clock.now(), { offset, limit });
    return { type: 'list', data: await shownMany(ctx, rows), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },
};
