import type { Db } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';
import { sqlLimit } from '../../http/pagination.js';
import type { AdminsTable, ActivityLogsTable } from '../../db/schema.js';

export { teamIdsByAdmin } from '../teams/members.js';

export async function listAdmins(db: Db, workspaceId: string): Promise<AdminsTable[]> {
  return db.selectFrom('admins').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

const adminById = preparedQuery((db, v: { workspaceId: string; id: number }) =>
  db.selectFrom('admins').selectAll().where('workspace_id', '=', v.workspaceId).where('id', '=', v.id),
);

/** Every GET /me reads the caller's admin: prepared once. */
export async function findAdmin(db: Db, workspaceId: string, id: number): Promise<AdminsTable | undefined> {
  return adminById.first(db, { workspaceId, id });
}

export async function setAway(
  db: Db,
  workspaceId: string,
  id: number,
  away: { enabled: boolean; reassign: boolean },
): Promise<void> {
  await db
    .updateTable('admins')
    .set({ away_mode_enabled: away.enabled ? 1 : 0, away_mode_reassign: away.reassign ? 1 : 0 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function recordActivity(db: Db, entry: ActivityLogsTable): Promise<void> {
  await db.insertInto('activity_logs').values(entry).execute();
}

/** Activity between two instants (inclusive), newest first, continuing after `after` when given. */
export async function listActivity(
  db: Db,
  workspaceId: string,
  range: { from: number; to: number | undefined; after?: { createdAt: number; id: string }; limit: number },
): Promise<{ rows: (ActivityLogsTable & { admin_email: string | null })[]; total: number }> {
  let base = db.selectFrom('activity_logs as l').where('l.workspace_id', '=', workspaceId).where('l.created_at', '>=', range.from);
  if (range.to !== undefined) base = base.where('l.created_at', '<=', range.to);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base
    .leftJoin('admins as a', (join) => join.onRef('a.workspace_id', '=', 'l.workspace_id').onRef('a.id', '=', 'l.admin_id'))
    .selectAll('l')
    .select('a.email as admin_email');
  if (range.after) {
    const { createdAt, id } = range.after;
    page = page.where((eb) => eb.or([eb('l.created_at', '<', createdAt), eb.and([eb('l.created_at', '=', createdAt), eb('l.id', '<', id)])]));
  }
  const rows = await page.orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(sqlLimit(range.limit)).execute();
  return { rows, total: Number(totalRow.n) };
}

/** The workspace's owner: the first admin seeded into it. */
export async function ownerAdminId(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('admins')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
