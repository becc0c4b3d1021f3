/** Notes of one workspace (each on a contact). */
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow } from '../../core/scope.js';
import type { NotesTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { noteNotFound } from './wire.js';

export const notes = defineStore((s) => {
  const store = {
    find: (id: number): Promise<NotesTable | undefined> => s.from('notes').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The note a path names, or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<NotesTable> => requireRow(rawId, numericId, store.find, noteNotFound),

    async insert(note: { contactId: string; adminId: number; body: string; now: number }): Promise<NotesTable> {
      const row = { id: await s.nextId(), contact_id: note.contactId, admin_id: note.adminId, body: note.body, created_at: note.now };
      await s.insert('notes', row).execute();
      return { ...row, workspace_id: s.workspaceId };
    },

    /** A contact's notes, newest first, one page of them, and how many there are. */
    async of(contactId: string, page: { offset: number; limit: number }): Promise<{ rows: NotesTable[]; total: number }> {
      const base = s.from('notes').where('contact_id', '=', contactId);
      const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(sqlLimit(page.limit))
        .offset(page.offset)
        .execute();
      return { rows, total: Number(totalRow.n) };
    },

    /** Merge: every note of contact `fromId` moves to `intoId` (idempotent: nothing is left to move twice). */
    async moveTo(fromId: string, intoId: string): Promise<void> {
      await s.update('notes').set({ contact_id: intoId }).where('contact_id', '=', fromId).execute();
    },
  };
  return store;
});
