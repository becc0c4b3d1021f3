import type { Kysely } from 'kysely';

/**
 * The request journal is pruned to its byte budget after every batch (store-journal.ts), which reads
 * each entry's `bytes`. On SQLite that column sits after the bodies, which a large answer (a
 * conversation of 500 parts) spills into overflow pages: reading `bytes` walked every body's chain,
 * so each prune read up to the whole journal (16 MB by default). This index holds the sizes by
 * themselves, so pruning reads the index alone. Figures: bench/findings.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('request_journal_sizes').on('request_journal').columns(['workspace_id', 'id', 'bytes']).execute();
}
