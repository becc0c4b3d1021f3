/** Admins of one workspace, and their activity log. */
import type { Db } from '../../db/database.js';
import type { ActivityLogsTable, AdminsTable } from '../../db/schema.js';
import type { ApiError } from '../../errors.js';
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow, scopedPreparedQuery, scopeOf, type NewRow } from '../../core/scope.js';
import { sqlLimit } from '../../http/pagination.js';
import { teams } from '../teams/public.js';
import { adminNotFound, adminWire, type Admin } from './wire.js';

/** Every GET /me reads the caller's admin: prepared once. */
const adminById = scopedPreparedQuery((s, v: { id: number }) => s.from('admins').selectAll().where('id', '=', v.id));

export const admins = defineStore((s) => {
  const store = {
    list: (): Promise<AdminsTable[]> => s.from('admins').selectAll().orderBy('id').execute(),

    find: (id: number): Promise<AdminsTable | undefined> => adminById.first(s, { id }),

    /**
     * The admin a request names, or a 404 (`admin_not_found` "Admin not found" unless the operation
     * answers another one); an id that cannot exist is never queried.
     */
    require: (rawId: unknown, notFoundError: () => ApiError = adminNotFound): Promise<AdminsTable> =>
      requireRow(rawId, numericId, store.find, notFoundError),

    /** Admins as the API shows them, with their team ids (one query whatever their number). */
    async show(rows: AdminsTable[], options: { avatar: boolean } = { avatar: false }): Promise<Admin[]> {
      const memberships = await teams(s).teamIdsOf(rows.map((r) => r.id));
      return rows.map((row) => adminWire(row, memberships.get(row.id) ?? [], options));
    },

    /** The admins with these ids, as the API shows them, by id (the ones that exist). */
    async shownByIds(ids: number[]): Promise<Map<number, Admin>> {
      const unique = [...new Set(ids)];
      const rows = unique.length === 0 ? [] : await s.from('admins').selectAll().where('id', 'in', unique).execute();
      const shown = await store.show(rows);
      return new Map(rows.map((row, i) => [Number(row.id), shown[i]]));
    },

    async setAway(id: number, away: { enabled: boolean; reassign: boolean }): Promise<void> {
      await s
        .update('admins')
        .set({ away_mode_enabled: away.enabled ? 1 : 0, away_mode_reassign: away.reassign ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },

    /** The workspace's owner: the first admin seeded into it. */
    async ownerId(): Promise<number> {
      const row = await s
        .from('admins')
        .select((eb) => eb.fn.min('id').as('id'))
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    /** Adds admins (seeding), with fresh ids in the order given; returns the ids. */
    async insert(rows: Omit<NewRow<'admins'>, 'id'>[]): Promise<number[]> {
      const ids = await s.nextIds(rows.length);
      await s.insert('admins', rows.map((row, i) => ({ ...row, id: ids[i] }))).execute();
      return ids;
    },
  };
  return store;
});

/** A workspace's owner admin, for callers outside a request (seeding, start-up, the CLI). */
export const ownerAdminId = (db: Db, workspaceId: string): Promise<number> => admins(scopeOf(db, workspaceId)).ownerId();

export type ActivityRow = ActivityLogsTable & { admin_email: string | null };

export const activityLogs = defineStore((s) => ({
  async record(entry: NewRow<'activity_logs'>): Promise<void> {
    await s.insert('activity_logs', entry).execute();
  },

  /** Activity between two instants (inclusive), newest first, continuing after `after` when given. */
  async list(range: {
    from: number;
    to: number | undefined;
    after?: { createdAt: number; id: string };
    limit: number;
  }): Promise<{ rows: ActivityRow[]; total: number }> {
    let base = s.fromAs('activity_logs', 'l').where('l.created_at', '>=', range.from);
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
  },
}));
