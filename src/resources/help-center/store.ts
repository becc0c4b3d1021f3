/** Help centers and their collections, of one workspace. */
import { numericId } from '../../core/ids.js';
import type { Selectable } from 'kysely';
import { defineStore, requireRow, type Scope } from '../../core/scope.js';
import type { CollectionsTable, Database, HelpCentersTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { collectionNotFound, helpCenterNotFound } from './wire.js';

export type NewHelpCenter = Omit<HelpCentersTable, 'workspace_id' | 'id'>;
export type CollectionChanges = Partial<Pick<CollectionsTable, 'name' | 'description' | 'translations' | 'parent_id' | 'position' | 'updated_at'>>;

/**
 * One page of a help center table's rows (collections, articles), most recently updated first, then
 * newest id, as Intercom lists them, and how many rows there are.
 */
export async function recentlyUpdated<T extends 'collections' | 'articles'>(
  s: Scope,
  table: T,
  page: { offset: number; limit: number },
): Promise<{ rows: Selectable<Database[T]>[]; total: number }> {
  const from = () => s.from(table as 'collections');
  const totalRow = await from().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await from().selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(sqlLimit(page.limit)).offset(page.offset).execute();
  return { rows: rows as Selectable<Database[T]>[], total: Number(totalRow.n) };
}

export const helpCenters = defineStore((s) => {
  const store = {
    find: (id: number): Promise<HelpCentersTable | undefined> => s.from('help_centers').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The help center a request names, or 404 "Resource Not Found"; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<HelpCentersTable> => requireRow(rawId, numericId, store.find, helpCenterNotFound),

    /** The workspace's first help center: where collections go when none is named, and whose locales articles use. */
    primary: (): Promise<HelpCentersTable> => s.from('help_centers').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow(),

    /** Every help center with these ids, by id. */
    async byIds(ids: number[]): Promise<Map<number, HelpCentersTable>> {
      const unique = [...new Set(ids)];
      const rows = unique.length === 0 ? [] : await s.from('help_centers').selectAll().where('id', 'in', unique).execute();
      return new Map(rows.map((r) => [Number(r.id), r]));
    },

    /** One page of help centers, oldest first. */
    page: (page: { offset: number; limit: number }): Promise<HelpCentersTable[]> =>
      s.from('help_centers').selectAll().orderBy('id').limit(sqlLimit(page.limit)).offset(page.offset).execute(),

    async insert(row: NewHelpCenter): Promise<number> {
      const id = await s.nextId();
      await s.insert('help_centers', { ...row, id }).execute();
      return id;
    },
  };
  return store;
});

export const collections = defineStore((s) => {
  const store = {
    find: (id: number): Promise<CollectionsTable | undefined> => s.from('collections').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The collection a request names, or 404 "Resource Not Found"; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<CollectionsTable> => requireRow(rawId, numericId, store.find, collectionNotFound),

    /** One page of collections, most recently updated first, and how many there are. */
    listed: (page: { offset: number; limit: number }) => recentlyUpdated(s, 'collections', page),

    /** The collections with these ids, by id. */
    async byIds(ids: number[]): Promise<Map<number, CollectionsTable>> {
      const unique = [...new Set(ids)];
      const rows = unique.length === 0 ? [] : await s.from('collections').selectAll().where('id', 'in', unique).execute();
      return new Map(rows.map((r) => [Number(r.id), r]));
    },

    /** The ids of the collections directly inside any of `parentIds`. */
    async childIds(parentIds: number[]): Promise<number[]> {
      if (parentIds.length === 0) return [];
      const rows = await s.from('collections').select('id').where('parent_id', 'in', parentIds).execute();
      return rows.map((r) => Number(r.id));
    },

    /** The `order` a new last child of `parentId` (or a new top-level collection of the help center) gets. */
    async nextPosition(helpCenterId: number, parentId: number | null): Promise<number> {
      const siblings = s.from('collections').where('help_center_id', '=', helpCenterId);
      const row = await (parentId === null ? siblings.where('parent_id', 'is', null) : siblings.where('parent_id', '=', parentId))
        .select((eb) => eb.fn.max('position').as('last'))
        .executeTakeFirst();
      return Number(row?.last ?? 0) + 1;
    },

    async insert(row: Omit<CollectionsTable, 'workspace_id' | 'id'>): Promise<number> {
      const id = await s.nextId();
      await s.insert('collections', { ...row, id }).execute();
      return id;
    },

    async update(id: number, changes: CollectionChanges): Promise<void> {
      await s.update('collections').set(changes).where('id', '=', id).execute();
    },

    /**
     * Deletes collections (each one's sub-collections go with it, by cascade). Articles in them stay,
     * outside any collection. False when the first was already gone.
     */
    async delete(ids: number[]): Promise<boolean> {
      await s.update('articles').set({ parent_id: null }).where('parent_id', 'in', ids).execute();
      const result = await s.delete('collections').where('id', '=', ids[0]).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
