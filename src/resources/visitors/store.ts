/** Visitors of one workspace. */
import { sql } from 'kysely';
import { defineStore, requireRow } from '../../core/scope.js';
import { hexIdOf } from '../../core/ids.js';
import { ciText, foldCase } from '../../db/dialect.js';
import type { VisitorsTable } from '../../db/schema.js';
import { visitorNotFound } from './wire.js';

/** Column changes to a visitor (never its workspace, ids or creation time). */
export type VisitorChanges = Partial<Pick<VisitorsTable, 'name' | 'email' | 'phone' | 'custom_attributes' | 'updated_at'>>;

export const visitors = defineStore((s) => {
  const store = {
    find: (id: string): Promise<VisitorsTable | undefined> => s.from('visitors').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The visitor a request names by Intercom's id, or 404 "Visitor Not Found". */
    require: (rawId: unknown): Promise<VisitorsTable> => requireRow(rawId, hexIdOf, store.find, visitorNotFound),

    findByUserId: (userId: string): Promise<VisitorsTable | undefined> => s.from('visitors').selectAll().where('user_id', '=', userId).executeTakeFirst(),

    /** The earliest visitor with this email (visitors' emails are not unique), compared case-insensitively. */
    findByEmail: (email: string): Promise<VisitorsTable | undefined> =>
      s.from('visitors').selectAll().where(ciText(s.engine, sql.ref('email')), '=', foldCase(email)).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst(),

    /** Inserts a visitor; false when its user_id is taken. */
    async insert(row: Omit<VisitorsTable, 'workspace_id'>): Promise<boolean> {
      const result = await s.insert('visitors', row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async update(id: string, changes: VisitorChanges): Promise<void> {
      await s.update('visitors').set(changes).where('id', '=', id).execute();
    },

    /** Deletes the visitor; false when it was already gone (of two concurrent conversions, one wins). */
    async delete(id: string): Promise<boolean> {
      const result = await s.delete('visitors').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
