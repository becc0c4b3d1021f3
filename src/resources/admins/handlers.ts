/** Admins: identifyAdmin (/me), listAdmins, retrieveAdmin, setAwayAdmin, listActivityLogs. */
import { randomUUID } from 'node:crypto';
import type { Handlers, Input } from '../../core/context.js';
import { badRequest } from '../../errors.js';
import { cursorPage, decodeCursor, isSortKey, perPage } from '../../http/pagination.js';
import { activityLogs, admins } from './store.js';
import { activityLogWire, adminNotFound, appWire } from './wire.js';

const ACTIVITY_PER_PAGE = 20;

/**
 * Paging parameters of GET /admins/activity_logs: the list is paged like every cursor list (its
 * answer carries `pages.next.starting_after`), but the spec declares only the date bounds.
 */
type ActivityLogQuery = Input<'listActivityLogs'>['query'] & { per_page?: unknown; starting_after?: unknown };

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?)?$/i;

/**
 * An ISO-8601 date or date-time as unix seconds, or undefined when `text` is not one (or names a
 * day, time or offset that does not exist, like February 30). Without an offset it is read as UTC:
 * the server's own zone is no part of the API, and Intercom's timestamps are UTC.
 */
function isoSeconds(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const exists =
    d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day &&
    d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  const [sign, offsetHours, offsetMinutes] = [m[8], Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (!exists || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
  return ms / 1000 - offset;
}

/**
 * Activity-log bounds: unix seconds (what the spec documents) or ISO-8601, e.g. "2024-05-01T00:00:00Z"
 * (the official SDK types both bounds as plain strings, and callers pass ISO dates through it).
 */
function timestampParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const seconds = /^\d{1,12}$/.test(raw) ? Number(raw) : isoSeconds(raw);
  if (seconds === undefined) {
    throw badRequest(`${name} must be a unix timestamp in seconds or an ISO-8601 date-time`, 'parameter_invalid', name);
  }
  return Math.floor(seconds);
}

export const adminHandlers: Handlers = {
  async identifyAdmin(ctx) {
    const row = await admins(ctx).require(ctx.adminId);
    const [admin] = await admins(ctx).show([row]);
    return {
      ...admin,
      type: 'admin',
      avatar: { type: 'avatar', image_url: row.avatar_url },
      email_verified: row.email_verified === 1,
      app: appWire(ctx.workspace),
    };
  },

  async listAdmins(ctx, { query }) {
    const rows = await admins(ctx).list();
    return { type: 'admin.list', admins: await admins(ctx).show(rows, { avatar: query.display_avatar === true }) };
  },

  async retrieveAdmin(ctx, { params }) {
    const [admin] = await admins(ctx).show([await admins(ctx).require(params.admin_id)]);
    return admin;
  },

  /**
   * Sets away mode, records it in the activity log and emits `admin.away_mode_updated`, on every
   * call (like the activity log entry), with the admin as GET /admins/{id} shows it afterwards.
   */
  async setAwayAdmin(ctx, { params, body }) {
    const row = await admins(ctx).require(params.admin_id, () => adminNotFound('Admin for admin_id not found'));
    const away = { enabled: body.away_mode_enabled, reassign: body.away_mode_reassign };
    const actor = await admins(ctx).find(ctx.adminId);
    await admins(ctx).setAway(row.id, away);
    await activityLogs(ctx).record({
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
    const [admin] = await admins(ctx).show([await admins(ctx).require(row.id)]);
    await ctx.emit('admin.away_mode_updated', admin);
    return admin;
  },

  async listActivityLogs(ctx, { query }) {
    const q: ActivityLogQuery = query;
    const from = timestampParam('created_at_after', q.created_at_after) ?? 0;
    const to = timestampParam('created_at_before', q.created_at_before);
    const limit = perPage(q.per_page, ACTIVITY_PER_PAGE);
    const cursor = decodeCursor(q.starting_after, isSortKey.timeAndId);
    const after = cursor ? { createdAt: Number(cursor.key[0]), id: String(cursor.key[1]) } : undefined;
    const { rows, total } = await activityLogs(ctx).list({ from, to, after, limit: limit + 1 });
    const { items, pages } = cursorPage(rows, {
      perPage: limit,
      page: cursor?.page ?? 1,
      totalCount: total,
      keyOf: (r) => [Number(r.created_at), r.id],
    });
    return { type: 'activity_log.list', pages, activity_logs: items.map(activityLogWire) };
  },
};
