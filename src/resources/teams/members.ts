/** Team membership, read in either direction, in one query for any number of ids. */
import type { Db } from '../../db/database.js';

type Side = 'team_id' | 'admin_id';

async function membership(db: Db, workspaceId: string, by: Side, ids: number[]): Promise<Map<number, number[]>> {
  const other: Side = by === 'team_id' ? 'admin_id' : 'team_id';
  const grouped = new Map<number, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return grouped;
  const rows = await db
    .selectFrom('team_members')
    .select(['team_id', 'admin_id'])
    .where('workspace_id', '=', workspaceId)
    .where(by, 'in', ids)
    .orderBy(other)
    .execute();
  for (const row of rows) grouped.get(Number(row[by]))?.push(Number(row[other]));
  return grouped;
}

export const adminIdsByTeam = (db: Db, workspaceId: string, teamIds: number[]) => membership(db, workspaceId, 'team_id', teamIds);
export const teamIdsByAdmin = (db: Db, workspaceId: string, adminIds: number[]) => membership(db, workspaceId, 'admin_id', adminIds);
