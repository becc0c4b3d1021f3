/** Teams: listTeams, retrieveTeam. */
import type { Handlers } from '../../core/context.js';
import { teams } from './store.js';
import { teamWire } from './wire.js';

export const teamHandlers: Handlers = {
  async listTeams(ctx) {
    const rows = await teams(ctx).list();
    const members = await teams(ctx).adminIdsOf(rows.map((r) => r.id));
    return { type: 'team.list', teams: rows.map((r) => teamWire(r, members.get(r.id) ?? [])) };
  },

  async retrieveTeam(ctx, { params }) {
    const row = await teams(ctx).require(params.team_id);
    const members = await teams(ctx).adminIdsOf([row.id]);
    return teamWire(row, members.get(row.id) ?? []);
  },
};
