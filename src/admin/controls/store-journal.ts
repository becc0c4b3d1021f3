/** The request journal's table (migration 0018): written in batches, pruned to its bounds, queried. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { defineStore, scopeOf } from '../../core/scope.js';
import type { RequestJournalTable } from '../../db/schema.js';

export type JournalRow = RequestJournalTable;
export type NewJournalEntry = Omit<JournalRow, 'workspace_id' | 'id'>;

export interface JournalFilter {
  operationId?: string;
  /** An exact status, or a class: [400, 499]. */
  status?: [number, number];
  since?: number;
  limit: number;
}

export const journalRows = defineStore((s) => ({
  async add(entries: NewJournalEntry[]): Promise<void> {
    const ids = await s.nextIds(entries.length);
    await s.insert('request_journal', entries.map((e, i) => ({ id: ids[i], ...e }))).execute();
  },

  /** Drops the oldest entries beyond `maxEntries`, then beyond `maxBytes` in all. */
  async prune(maxEntries: number, maxBytes: number): Promise<void> {
    const cutoff = await s.from('request_journal').select('id').orderBy('id', 'desc').offset(maxEntries).limit(1).executeTakeFirst();
    if (cutoff) await s.delete('request_journal').where('id', '<=', cutoff.id).execute();
    // The newest entry whose running total (newest first) passes the budget: it and all older go.
    const over = await s
      .from('request_journal')
      .select([
        'id',
        sql<number>`sum(bytes) over (order by id desc rows between unbounded preceding and current row)`.as('total'),
      ])
      .orderBy('id', 'desc')
      .execute();
    const first = over.find((r) => Number(r.total) > maxBytes);
    if (first) await s.delete('request_journal').where('id', '<=', first.id).execute();
  },

  list(filter: JournalFilter): Promise<JournalRow[]> {
    let query = s.from('request_journal').selectAll();
    if (filter.operationId !== undefined) query = query.where('operation_id', '=', filter.operationId);
    if (filter.status) query = query.where('status', '>=', filter.status[0]).where('status', '<=', filter.status[1]);
    if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  async clear(): Promise<number> {
    const result = await s.delete('request_journal').executeTakeFirst();
    return Number(result.numDeletedRows);
  },
}));

/** The journal store of a workspace named by id (the batch writer serves every workspace). */
export const journalOf = (db: Db, workspaceId: string) => journalRows(scopeOf(db, workspaceId));
