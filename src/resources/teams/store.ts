/** Teams of one workspace and their members (team membership is read in either direction, one query for any number of ids). */
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow } from '../../core/scope.js';
import type { TeamsTable } from '../../db/schema.js';
import { teamNotFound } from './wire.js';

type Side = 'team_id' | 'admin_id';

export const teams = defineStore((s) => {
  async function membership(by: Side, ids: number[]): Promise<Map<number, number[]>> {
    const other: Side = by === 'team_id' ? 'admin_id' : 'team_id';
    const grouped = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return grouped;
    const rows = await s.from('team_members').select(['team_id', 'admin_id']).where(by, 'in', ids).orderBy(other).execute();
    for (const row of rows) grouped.get(Number(row[by]))?.push(Number(row[other]));
    return grouped;
  }

  const store = {
    list: (): Promise<TeamsTable[]> => s.from('teams').selectAll().orderBy('id').execute(),

    find: (id: number): Promise<TeamsTable | undefined> => s.from('teams').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The team a request names, or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<TeamsTable> => requireRow(rawId, numericId, store.find, teamNotFound),

    /** Each team's admin ids, in id order. */
    adminIdsOf: (teamIds: number[]) => membership('team_id', teamIds),
    /** Each admin's team ids, in id order. */
    teamIdsOf: (adminIds: number[]) => membership('admin_id', adminIds),

    async insert(name: string, adminIds: number[], now: number): Promise<TeamsTable> {
      const row = { id: await s.nextId(), name, created_at: now };
      await s.insert('teams', row).execute();
      if (adminIds.length > 0) await s.insert('team_members', adminIds.map((admin_id) => ({ team_id: row.id, admin_id }))).execute();
      return { ...row, workspace_id: s.workspaceId };
    },
  };
  return store;
});
