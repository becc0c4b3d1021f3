import type { TeamsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Handlers } from '../../core/context.js';
import { numericId } from '../../core/ids.js';
import { adminIdsByTeam } from './members.js';

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
