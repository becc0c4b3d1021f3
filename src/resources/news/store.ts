/** Newsfeeds and news items of one workspace, and which newsfeeds each item is assigned to. */
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow, type NewRow } from '../../core/scope.js';
import type { NewsfeedsTable, NewsItemAssignmentsTable, NewsItemsTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { newsfeedNotFound, newsItemNotFound } from './wire.js';

export interface Page {
  offset: number;
  limit: number;
}

export type NewsItemChanges = Partial<Omit<NewsItemsTable, 'workspace_id' | 'id' | 'created_at'>>;
export type Assignment = Pick<NewsItemAssignmentsTable, 'newsfeed_id' | 'published_at'>;

export const newsfeeds = defineStore((s) => {
  const store = {
    find: (id: number): Promise<NewsfeedsTable | undefined> => s.from('newsfeeds').selectAll().where('id', '=', id).executeTakeFirst(),

    require: (rawId: unknown): Promise<NewsfeedsTable> => requireRow(rawId, numericId, store.find, newsfeedNotFound),

    /** Which of `ids` are newsfeeds of this workspace. */
    async existing(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await s.from('newsfeeds').select('id').where('id', 'in', ids).execute();
      return new Set(rows.map((r) => Number(r.id)));
    },

    async list(page: Page): Promise<{ rows: NewsfeedsTable[]; total: number }> {
      const total = await s.from('newsfeeds').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await s.from('newsfeeds').selectAll().orderBy('id').limit(sqlLimit(page.limit)).offset(page.offset).execute();
      return { rows, total: Number(total.n) };
    },

    async insert(name: string, now: number): Promise<void> {
      await s.insert('newsfeeds', { id: await s.nextId(), name, created_at: now, updated_at: now }).execute();
    },
  };
  return store;
});

export const newsItems = defineStore((s) => {
  const store = {
    find: (id: number): Promise<NewsItemsTable | undefined> => s.from('news_items').selectAll().where('id', '=', id).executeTakeFirst(),

    require: (rawId: unknown): Promise<NewsItemsTable> => requireRow(rawId, numericId, store.find, newsItemNotFound),

    async insert(row: Omit<NewRow<'news_items'>, 'id'>): Promise<number> {
      const id = await s.nextId();
      await s.insert('news_items', { ...row, id }).execute();
      return id;
    },

    async update(id: number, changes: NewsItemChanges): Promise<void> {
      await s.update('news_items').set(changes).where('id', '=', id).execute();
    },

    /** Whether this call removed the item (its assignments go by cascade). */
    async delete(id: number): Promise<boolean> {
      const result = await s.delete('news_items').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Every item, oldest first (as Intercom lists them). */
    async list(page: Page): Promise<{ rows: NewsItemsTable[]; total: number }> {
      const total = await s.from('news_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await s.from('news_items').selectAll().orderBy('id').limit(sqlLimit(page.limit)).offset(page.offset).execute();
      return { rows, total: Number(total.n) };
    },

    /**
     * The items live on a newsfeed at `now`: live, assigned to it, and published there by then;
     * newest publish date first.
     */
    async liveIn(newsfeedId: number, now: number, page: Page): Promise<{ rows: NewsItemsTable[]; total: number }> {
      const base = s
        .fromAs('news_item_assignments', 'a')
        .innerJoin('news_items as n', (join) => join.onRef('n.workspace_id', '=', 'a.workspace_id').onRef('n.id', '=', 'a.news_item_id'))
        .where('a.newsfeed_id', '=', newsfeedId)
        .where('a.published_at', '<=', now)
        .where('n.state', '=', 'live');
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base
        .selectAll('n')
        .orderBy('a.published_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(sqlLimit(page.limit))
        .offset(page.offset)
        .execute();
      return { rows: rows as NewsItemsTable[], total: Number(total.n) };
    },

    /** The assignments of each of `itemIds`, by newsfeed id. */
    async assignmentsOf(itemIds: number[]): Promise<Map<number, Assignment[]>> {
      const byItem = new Map<number, Assignment[]>(itemIds.map((id) => [id, []]));
      if (itemIds.length === 0) return byItem;
      const rows = await s
        .from('news_item_assignments')
        .select(['news_item_id', 'newsfeed_id', 'published_at'])
        .where('news_item_id', 'in', itemIds)
        .orderBy('newsfeed_id')
        .execute();
      for (const row of rows) {
        byItem.get(Number(row.news_item_id))?.push({ newsfeed_id: Number(row.newsfeed_id), published_at: row.published_at === null ? null : Number(row.published_at) });
      }
      return byItem;
    },

    /** Makes `assignments` the item's whole set of assignments. */
    async replaceAssignments(itemId: number, assignments: Assignment[]): Promise<void> {
      await s.delete('news_item_assignments').where('news_item_id', '=', itemId).execute();
      if (assignments.length === 0) return;
      await s.insert('news_item_assignments', assignments.map((a) => ({ ...a, news_item_id: itemId }))).execute();
    },

    /** Sets the publish date of the item's assignments: `publishedAt` for those without one, or null for all. */
    async setPublished(itemId: number, publishedAt: number | null): Promise<void> {
      let query = s.update('news_item_assignments').set({ published_at: publishedAt }).where('news_item_id', '=', itemId);
      if (publishedAt !== null) query = query.where('published_at', 'is', null);
      await query.execute();
    },
  };
  return store;
});
