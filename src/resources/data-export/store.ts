/** Data export jobs of one workspace, and the pieces of their files. */
import { defineStore, requireRow } from '../../core/scope.js';
import type { DataExportsTable } from '../../db/schema.js';
import { dataExportNotFound, isJobIdentifier } from './wire.js';

const ACTIVE = ['pending', 'in_progress'];

export type ExportFinish = Pick<DataExportsTable, 'status' | 'row_count' | 'byte_size' | 'completed_at' | 'expires_at' | 'updated_at'>;

export const dataExports = defineStore((s) => {
  const store = {
    find: (id: string): Promise<DataExportsTable | undefined> => s.from('data_exports').selectAll().where('id', '=', id).executeTakeFirst(),

    require: (rawId: unknown): Promise<DataExportsTable> =>
      requireRow(rawId, (raw) => (isJobIdentifier(raw) ? raw : undefined), store.find, dataExportNotFound),

    /** Records a pending export, unless one is active already (the partial unique index): false then. */
    async insertIfNoneActive(row: { id: string; after: number; before: number; now: number }): Promise<boolean> {
      const result = await s
        .insert('data_exports', { id: row.id, status: 'pending', created_at_after: row.after, created_at_before: row.before, created_at: row.now, updated_at: row.now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Cancels an export still pending or in progress; false when it had already ended. */
    async cancel(id: string, now: number): Promise<boolean> {
      const result = await s.update('data_exports').set({ status: 'canceled', updated_at: now }).where('id', '=', id).where('status', 'in', ACTIVE).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /**
     * `runner` takes the export on, until `leaseUntil`: when it is pending, or in progress under a
     * claim that ran out (its runner died). False when it ended or another runner holds it.
     */
    async claim(id: string, runner: string, now: number, leaseUntil: number): Promise<boolean> {
      const result = await s
        .update('data_exports')
        .set({ status: 'in_progress', runner, lease_until: leaseUntil, updated_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'in_progress'), eb('lease_until', '<', now)])]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Extends `runner`'s claim; false when the export was canceled or another runner took it over. */
    async renew(id: string, runner: string, leaseUntil: number): Promise<boolean> {
      const result = await s.update('data_exports').set({ lease_until: leaseUntil }).where('id', '=', id).where('runner', '=', runner).where('status', '=', 'in_progress').executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Ends the export `runner` holds; false when it no longer holds it. */
    async finish(id: string, runner: string, fields: ExportFinish & { error?: string | null }): Promise<boolean> {
      const result = await s.update('data_exports').set({ ...fields, lease_until: null }).where('id', '=', id).where('runner', '=', runner).where('status', '=', 'in_progress').executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Gives the export up as failed, whoever holds it. */
    async fail(id: string, error: string, now: number): Promise<void> {
      await s.update('data_exports').set({ status: 'failed', error: error.slice(0, 2000), lease_until: null, updated_at: now }).where('id', '=', id).where('status', 'in', ACTIVE).execute();
    },

    async addChunk(id: string, runner: string, seq: number, data: Uint8Array): Promise<void> {
      await s.insert('data_export_chunks', { export_id: id, runner, seq, data }).execute();
    },

    /** One piece of the file `runner` wrote, or undefined past the last. */
    async chunk(id: string, runner: string, seq: number): Promise<Uint8Array | undefined> {
      const row = await s.from('data_export_chunks').select('data').where('export_id', '=', id).where('runner', '=', runner).where('seq', '=', seq).executeTakeFirst();
      return row?.data;
    },

    /** Gives up `runner`'s claim so that the job's next attempt can take the export on at once. */
    async release(id: string, runner: string): Promise<void> {
      await s.update('data_exports').set({ lease_until: 0 }).where('id', '=', id).where('runner', '=', runner).execute();
    },

    /** Drops the export's pieces: all of them, only those `only` wrote, or all but those `except` wrote. */
    async dropChunks(id: string, runners: { only?: string; except?: string } = {}): Promise<void> {
      let query = s.delete('data_export_chunks').where('export_id', '=', id);
      if (runners.only !== undefined) query = query.where('runner', '=', runners.only);
      if (runners.except !== undefined) query = query.where('runner', '!=', runners.except);
      await query.execute();
    },
  };
  return store;
});
