/**
 * The SQL of reset, snapshot and restore: generic over a workspace's tables (catalog.ts), always
 * through the workspace-bound scope, so no statement here can reach another workspace's rows.
 */
import { sql } from 'kysely';
import { defineStore } from '../../core/scope.js';
import { advanceIdSequence } from '../../db/dialect.js';
import type { TableInfo } from './catalog.js';

export type Row = Record<string, unknown>;

/** Rows per insert statement: under both engines' limit on bound values (SQLite's 32,766). */
const MAX_VALUES_PER_STATEMENT = 30_000;

export const workspaceRows = defineStore((s) => ({
  /** Removes every row of the workspace from `table`. */
  async wipe(table: TableInfo): Promise<void> {
    await s.delete(table.name as never).execute();
  },

  /** Up to `limit` rows in primary-key order, after the row whose key is `after`. */
  async page(table: TableInfo, after: unknown[] | undefined, limit: number): Promise<Row[]> {
    const key = table.primaryKey.filter((c) => c !== 'workspace_id');
    let query = s.from(table.name as never).select(table.columns.map((c) => sql.ref(c).as(c)) as never);
    if (key.length === 0) return (await query.execute()) as Row[];
    if (after) {
      const left = sql.join(key.map((c) => sql.ref(c)));
      const right = sql.join(after.map((v) => sql`${v}`));
      query = query.where(sql<boolean>`(${left}) > (${right})`);
    }
    for (const column of key) query = query.orderBy(sql.ref(column) as never);
    return (await query.limit(limit).execute()) as Row[];
  },

  /** Inserts rows (each without workspace_id) into `table`, in statements of bounded size. */
  async insert(table: TableInfo, columns: string[], rows: unknown[][]): Promise<void> {
    const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / (columns.length + 1)));
    for (let i = 0; i < rows.length; i += perStatement) {
      const values = rows.slice(i, i + perStatement).map((row) => Object.fromEntries(columns.map((c, j) => [c, row[j]])));
      let insert = s.insert(table.name as never, values as never);
      // A table keyed across workspaces (jobs) gets fresh ids; a unique key another workspace already
      // holds (a recurring job's) is left to that one.
      if (!table.keyedByWorkspace) insert = insert.onConflict((oc) => oc.doNothing());
      await insert.execute();
    }
  },

  nextIds: (count: number) => s.nextIds(count),

  /** Never hands out again an id up to `id` (ids restored from another database). */
  advanceIds: (id: number) => advanceIdSequence(s.db, id),

  /** The admins (id and email), oldest first: the first owns the workspace. */
  admins: () => s.from('admins').select(['id', 'email']).orderBy('id').execute(),

  /**
   * Gives each admin the id the admin with the same email had before (`previous`), so that ids a
   * client holds (its token's admin, GET /me) survive a reset. Rows pointing at the admin (`refs`:
   * table and column) follow; the row is copied under its old id first, so no foreign key breaks.
   */
  async keepAdminIds(previous: { id: number; email: string }[], refs: { table: string; column: string }[]): Promise<void> {
    const oldByEmail = new Map(previous.map((a) => [a.email.toLowerCase(), a.id]));
    for (const admin of await s.from('admins').selectAll().execute()) {
      const old = oldByEmail.get(admin.email.toLowerCase());
      if (old === undefined || old === Number(admin.id)) continue;
      const { workspace_id: _ws, ...row } = admin;
      await s.insert('admins', { ...row, id: old }).execute();
      for (const ref of refs) {
        await s.update(ref.table as never).set({ [ref.column]: old } as never).where(sql.ref(ref.column), '=', admin.id).execute();
      }
      await s.delete('admins').where('id', '=', admin.id).execute();
    }
  },

  /**
   * Points the workspace's tokens at the admins that now exist: an admin with the same email as the
   * one a token acted as, or else the owner. (Reset and restore replace the admins, ids and all.)
   */
  async reattachTokens(previous: { id: number; email: string }[]): Promise<void> {
    const current = await this.admins();
    if (current.length === 0) return;
    const byEmail = new Map(current.map((a) => [a.email.toLowerCase(), Number(a.id)]));
    const owner = Number(current[0].id);
    const tokens = await s.from('access_tokens').select(['id', 'admin_id']).execute();
    const previousEmail = new Map(previous.map((a) => [Number(a.id), a.email.toLowerCase()]));
    for (const token of tokens) {
      const email = previousEmail.get(Number(token.admin_id));
      const target = (email === undefined ? undefined : byEmail.get(email)) ?? owner;
      if (target !== Number(token.admin_id)) await s.update('access_tokens').set({ admin_id: target }).where('id', '=', token.id).execute();
    }
  },
}));
