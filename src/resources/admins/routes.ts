import type { Db } from '../../db/database.js';
import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../../errors.js';
import type { Ctx, Handlers } from '../../core/context.js';
import { cursorPage, decodeCursor, isSortKey, perPage } from '../../http/pagination.js';
import { numericId } from '../../core/ids.js';
import * as store from './store.js';
import { activityLogWire, adminWire, appWire } from './wire.js';

const ACTIVITY_PER_PAGE = 20;

async function loadAdmin(ctx: Ctx, rawId: string, message: string) {
  const id = numericId(rawId);
  const row = id === undefined ? undefined : await store.findAdmin(ctx.db, ctx.workspace.id, id);
  if (!row) throw notFound(message, 'admin_not_found');
  const teams = await store.teamIdsByAdmin(ctx.db, ctx.workspace.id, [row.id]);
  return { row, teamIds: teams.get(row.id) ?? [] };
}

/** Activity-log bounds are unix timestamps sent as strings. */
function timestampParam(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,12}$/.test(String(raw))) throw badRequest(`${name} must be a unix timestamp in seconds`, 'parameter_invalid', name);
  return Number(raw);
}

export const adminHandlers: Handlers = {
  async identifyAdmin(ctx) {
    const { row, teamIds } = await loadAdmin(ctx, String(ctx.adminId), 'Admin not found');
    return {
      ...adminWire(row, teamIds, { avatar: false }),
      type: 'admin',
      avatar: { type: 'avatar', image_url: row.avatar_url },
      email_verified: row.email_verified === 1,
      app: appWire(ctx.workspace),
    };
  },

  async listAdmins(ctx, { query }) {
    const rows = await store.listAdmins(ctx.db, ctx.workspace.id);
    const teams = await store.teamIdsByAdmin(ctx.db, ctx.workspace.id, rows.map((r) => r.id));
    const avatar = query.display_avatar === true;
    return { type: 'admin.list', admins: rows.map((r) => adminWire(r, teams.get(r.id) ?? [], { avatar })) };
  },

  async retrieveAdmin(ctx, { params }) {
    const { row, teamIds } = await loadAdmin(ctx, String(params.admin_id), 'Admin not found');
    return adminWire(row, teamIds, { avatar: false });
  },

  async setAwayAdmin(ctx, { params, body }) {
    const { row, teamIds } = await loadAdmin(ctx, String(params.admin_id), 'Admin for admin_id not found');
    const away = { enabled: body.away_mode_enabled, reassign: body.away_mode_reassign };
    const actor = await store.findAdmin(ctx.db, ctx.workspace.id, ctx.adminId);
    await (async (trx: Db) => {
      await store.setAway(trx, ctx.workspace.id, row.id, away);
      await store.recordActivity(trx, {
        workspace_id: ctx.workspace.id,
        id: randomUUID(),
        admin_id: ctx.adminId,
        ip: null,
        activity_type: 'admin_away_mode_change',
        activity_description: `${actor?.name ?? 'An admin'} changed ${row.name}'s away mode to ${away.enabled ? 'away' : 'active'}.`,
        metadata: JSON.stringify({
          away_mode: away.enabled,
          reassign_conversations: away.reassign,
          source: 'api',
          update_by: ctx.adminId,
          update_by_name: actor?.name ?? null,
        }),
        created_at: ctx.clock.now(),
      });
    })(ctx.db);
    return adminWire({ ...row, away_mode_enabled: away.enabled ? 1 : 0, away_mode_reassign: away.reassign ? 1 : 0 }, teamIds, {
      avatar: false,
    });
  },

  async listActivityLogs(ctx, { query }) {
    const q = query as Record<string, unknown>;
    const from = timestampParam('created_at_after', q.created_at_after) ?? 0;
    const to = timestampParam('created_at_before', q.created_at_before);
    const limit = perPage(q.per_page, ACTIVITY_PER_PAGE);
    const cursor = decodeCursor(q.starting_after, isSortKey.timeAndId);
    const after = cursor ? { createdAt: Number(cursor.key[0]), id: String(cursor.key[1]) } : undefined;
    const { rows, total } = await store.listActivity(ctx.db, ctx.workspace.id, { from, to, after, limit: limit + 1 });
    const { items, pages } = cursorPage(rows, {
      perPage: limit,
      page: cursor?.page ?? 1,
      totalCount: total,
      keyOf: (r) => [Number(r.created_at), r.id],
    });
    return { type: 'activity_log.list', pages, activity_logs: items.map(activityLogWire) };
  },
};
