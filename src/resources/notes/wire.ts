import type { Db } from '../../db/database.js';
import type { AdminsTable, NotesTable } from '../../db/schema.js';
import type { components } from '../../generated/types.js';
import { teamIdsByAdmin } from '../admins/store.js';
import { adminWire } from '../admins/wire.js';

/** Notes with their authors, loaded in two queries whatever the number of notes. */
export async function renderNotes(db: Db, workspaceId: string, rows: NotesTable[]): Promise<components['schemas']['note'][]> {
  const adminIds = [...new Set(rows.map((r) => r.admin_id).filter((id): id is number => id !== null).map(Number))];
  const admins = new Map<number, AdminsTable>();
  if (adminIds.length > 0) {
    const found = await db.selectFrom('admins').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', adminIds).execute();
    for (const a of found) admins.set(Number(a.id), a);
  }
  const teams = await teamIdsByAdmin(db, workspaceId, adminIds);
  return rows.map((row) => {
    const admin = row.admin_id === null ? undefined : admins.get(Number(row.admin_id));
    return {
      type: 'note',
      id: String(row.id),
      created_at: Number(row.created_at),
      contact: { type: 'contact', id: row.contact_id },
      // Admins are never deleted in this server, so a note's author is always found.
      author: admin ? adminWire(admin, teams.get(Number(admin.id)) ?? [], { avatar: false }) : (null as never),
      body: row.body,
    };
  });
}
