import type { Db } from '../../db/database.js';
import { sqlLimit } from '../../http/pagination.js';
import type { NotesTable } from '../../db/schema.js';

export async function insertNote(db: Db, row: NotesTable): Promise<void> {
  await db.insertInto('notes').values(row).execute();
}

export async function findNote(db: Db, workspaceId: string, id: number): Promise<NotesTable | undefined> {
  return db.selectFrom('notes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/** A contact's notes, newest first. */
export async function listNotes(
  db: Db,
  workspaceId: string,
  contactId: string,
  page: { offset: number; limit: number },
): Promise<{ rows: NotesTable[]; total: number }> {
  const base = db.selectFrom('notes').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(sqlLimit(page.limit))
    .offset(page.offset)
    .execute();
  return { rows, total: Number(totalRow.n) };
}
