/** Tags of one workspace. */
import { sql } from 'kysely';
import { defineStore, requireRow } from '../../core/scope.js';
import { numericId } from '../../core/ids.js';
import { ciText, foldCase } from '../../db/dialect.js';
import type { TagsTable } from '../../db/schema.js';
import { tagNotFound } from './wire.js';

export const tags = defineStore((s) => {
  const store = {
    list: (): Promise<TagsTable[]> => s.from('tags').selectAll().orderBy('id').execute(),

    find: (id: number): Promise<TagsTable | undefined> => s.from('tags').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The tag a request names (path or body), or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<TagsTable> => requireRow(rawId, numericId, store.find, tagNotFound),

    /** Tag names match case-insensitively, as in Intercom ("VIP" and "vip" are one tag). */
    findByName: (name: string): Promise<TagsTable | undefined> =>
      s.from('tags').selectAll().where(ciText(s.engine, sql.ref('name')), '=', foldCase(name)).executeTakeFirst(),

    async insert(name: string, now: number): Promise<TagsTable> {
      const row = { id: await s.nextId(), name, created_at: now, updated_at: now };
      await s.insert('tags', row).execute();
      return { ...row, workspace_id: s.workspaceId };
    },

    async rename(id: number, name: string, now: number): Promise<void> {
      await s.update('tags').set({ name, updated_at: now }).where('id', '=', id).execute();
    },

    /** Deletes the tag (its applications go with it, by cascade); false when it was already gone. */
    async delete(id: number): Promise<boolean> {
      const result = await s.delete('tags').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
