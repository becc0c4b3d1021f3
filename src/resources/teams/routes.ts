import type { Db } from '../../db/database.js';
import type { TeamsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Handlers } from '../../http/context.js';
import { numericId } from '../../http/ids.js';

/** Admin ids of each team, in one query. */
async function adminIdsByTeam(db: Db, workspaceId: string, teamIds: number[]): Promise<Map<number, number[]>> {
  const byTeam = new Map<number, number[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom('team_members')
    .select(['team_id', 'admin_id'])
    .where('workspace_id', '=', workspaceId)
    .where('team_id', 'in', teamIds)
    .orderBy('admin_id')
    .execute();
  for (const row of rows) byTeam.get(Number(row.team_id))?.push(Number(row.admin_id));
  return byTeam;
}

function teamWire(row: TeamsTable, adminIds: number[]) {
  return { type: 'team' as const, id: String(row.id), name: row.name, admin_ids: adminIds };
}

export const teamHandlers: Handlers = {
  async listTeams(ctx) {
    const rows = await ctx.db.selectFrom('teams').selectAll().where('workspace_id', '=', ctx.workspace.id).orderBy('id').execute();
    const members = await adminIdsByTeam(ctx.db, ctx.workspace.id, rows.map((r) => r.id));
    return { type: 'team.list', teams: rows.map((r) => teamWire(r, members.get(r.id) ?? [])) };
  },

  async retrieveTeam(ctx, { params }) {
    const id = numericId(params.team_id);
    const row =
      id === undefined
        ? undefined
        : await ctx.db.selectFrom('teams').selectAll().where('workspace_id', '=', ctx.workspace.id).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Team not found', 'team_not_found');
    const members = await adminIdsByTeam(ctx.db, ctx.workspace.id, [row.id]);
    return teamWire(row, members.get(row.id) ?? []);
  },
};
