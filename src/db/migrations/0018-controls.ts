import type { Kysely } from 'kysely';

/**
 * The developer controls' state, in the database so that every server process on it shares them
 * (several processes may serve one workspace from one PostgreSQL).
 *
 * `workspace_clocks`: a workspace's clock setting (offset from real time, or frozen at an instant).
 * `revision` comes from the id sequence and grows with every change, so a process applies a setting
 * only when it is new to it and a setting made in its own memory (tests) is not overwritten by an
 * older one. Returning to real time writes a row too (offset 0, not frozen): other processes learn it.
 *
 * `workspace_faults`: injected failures and latency, per operationId or for all (`operation_id`
 * null). `remaining` counts down atomically (null: until removed).
 *
 * `request_journal`: the workspace's most recent API requests, pruned to the configured count and
 * bytes (`bytes` is what each entry weighs) after every batch written.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspace_clocks')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('offset_seconds', 'bigint', (c) => c.notNull())
    .addColumn('frozen_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('workspace_faults')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('operation_id', 'text')
    .addColumn('status', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'integer')
    .addColumn('probability', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_faults_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('request_journal')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('request_body', 'text')
    .addColumn('response_body', 'text')
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_journal_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('request_journal_operation').on('request_journal').columns(['workspace_id', 'operation_id', 'id']).execute();
}
