import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.js';
import { binaryType } from '../dialect.js';

/**
 * Message data exports (POST /export/content/data) and the files they make.
 *
 * `data_exports`: one job each, its range and status. At most one is active (pending or in
 * progress) per workspace: a partial unique index makes the second insert a no-op, which the API
 * answers with 429. `runner` and `lease_until` name the job runner working on it, so a second runner
 * that claims the same job (after the first one's job lease ran out) leaves it alone while the first
 * one is alive.
 *
 * `data_export_chunks`: the gzipped CSV, in pieces of a fixed size, in order. The file lives in the
 * database rather than on a disk: every server process behind one PostgreSQL can serve the
 * download (no shared volume to set up), it is written and read a piece at a time (memory stays
 * flat), it goes with its workspace, and removing it at expiry is a DELETE. Pieces carry the runner
 * that wrote them; only the pieces of the runner that completed the export are served.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_exports')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at_after', 'bigint', (c) => c.notNull())
    .addColumn('created_at_before', 'bigint', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('row_count', 'bigint')
    .addColumn('byte_size', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addPrimaryKeyConstraint('data_exports_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema
    .createIndex('data_exports_one_active')
    .unique()
    .on('data_exports')
    .column('workspace_id')
    .where(sql.ref('status'), 'in', [sql.lit('pending'), sql.lit('in_progress')])
    .execute();

  await db.schema
    .createTable('data_export_chunks')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('export_id', 'text', (c) => c.notNull())
    .addColumn('runner', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', binaryType(db as unknown as Db), (c) => c.notNull())
    .addPrimaryKeyConstraint('data_export_chunks_pk', ['workspace_id', 'export_id', 'runner', 'seq'])
    .addForeignKeyConstraint('data_export_chunks_export_fk', ['workspace_id', 'export_id'], 'data_exports', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
}
