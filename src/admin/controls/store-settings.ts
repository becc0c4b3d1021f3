/** The clock and fault settings of a workspace (migration 0018), read on every API request. */
import { sql } from 'kysely';
import { defineStore, scopedPreparedQuery } from '../../core/scope.js';
import type { Db } from '../../db/database.js';
import type { WorkspaceFaultsTable } from '../../db/schema.js';

export type FaultRow = WorkspaceFaultsTable;

export interface StoredClock {
  revision: number;
  offset: number;
  frozenAt: number | null;
}

export interface Settings {
  clock: StoredClock | undefined;
  faults: FaultRow[];
}

/**
 * Both settings in one statement (one round trip on PostgreSQL): the clock row, if any, and the
 * fault rows, told apart by `kind`.
 */
const settingsQuery = scopedPreparedQuery((s) =>
  s
    .from('workspace_clocks')
    .select([
      sql<string>`'clock'`.as('kind'),
      sql<number>`revision`.as('n1'),
      sql<number>`offset_seconds`.as('n2'),
      sql<number | null>`frozen_at`.as('n3'),
      sql<number | null>`NULL`.as('n4'),
      sql<number | null>`NULL`.as('p'),
      sql<string | null>`NULL`.as('op'),
      sql<number>`updated_at`.as('at'),
    ])
    .unionAll(
      s
        .from('workspace_faults')
        .select([
          sql<string>`'fault'`.as('kind'),
          sql<number>`id`.as('n1'),
          sql<number>`status`.as('n2'),
          sql<number | null>`latency_ms`.as('n3'),
          sql<number | null>`remaining`.as('n4'),
          sql<number | null>`probability`.as('p'),
          sql<string | null>`operation_id`.as('op'),
          sql<number>`created_at`.as('at'),
        ]),
    ),
);

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export const controlSettings = defineStore((s) => ({
  async read(): Promise<Settings> {
    const rows = await settingsQuery.all(s, {});
    let clock: StoredClock | undefined;
    const faults: FaultRow[] = [];
    for (const r of rows) {
      if (r.kind === 'clock') clock = { revision: Number(r.n1), offset: Number(r.n2), frozenAt: num(r.n3) };
      else
        faults.push({
          workspace_id: s.workspaceId,
          id: Number(r.n1),
          status: num(r.n2),
          latency_ms: Number(r.n3),
          remaining: num(r.n4),
          probability: Number(r.p),
          operation_id: r.op,
          created_at: Number(r.at),
        });
    }
    faults.sort((a, b) => a.id - b.id);
    return { clock, faults };
  },

  /** Stores a clock setting under a fresh revision (returned). */
  async saveClock(setting: { offset: number; frozenAt: number | null }, realNow: number): Promise<number> {
    const revision = await s.nextId();
    const values = { revision, offset_seconds: setting.offset, frozen_at: setting.frozenAt, updated_at: realNow };
    await s
      .insert('workspace_clocks', values)
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
      .execute();
    return revision;
  },

  async addFault(fault: Omit<FaultRow, 'workspace_id' | 'id'>): Promise<FaultRow> {
    const id = await s.nextId();
    await s.insert('workspace_faults', { id, ...fault }).execute();
    return { workspace_id: s.workspaceId, id, ...fault };
  },

  faults: () => s.from('workspace_faults').selectAll().orderBy('id').execute(),

  async removeFault(id: number): Promise<boolean> {
    const result = await s.delete('workspace_faults').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async clearFaults(): Promise<number> {
    const result = await s.delete('workspace_faults').executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /**
   * Takes one of a counted fault's remaining calls; false when none is left (another process took
   * the last). The row goes with its last call.
   */
  async takeFaultCall(id: number): Promise<boolean> {
    const result = await s
      .update('workspace_faults')
      .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
      .where('id', '=', id)
      .where('remaining', '>', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await s.delete('workspace_faults').where('id', '=', id).where('remaining', '<=', 0).execute();
    return true;
  },
}));

/** Every workspace's stored clock (a job runner applies them all before claiming jobs). */
export const storedClocks = (db: Db) => db.selectFrom('workspace_clocks').selectAll().execute();
