import type { Kysely } from 'kysely';

/**
 * The kernel's two queues.
 *
 * `events`: the outbox. An operation records each event it causes (`ctx.emit`) in its own
 * transaction, so a rolled-back write leaves none and a committed one always has its events.
 * Consumers (webhook delivery, the request journal) read from here; ids come from the shared id
 * sequence and order the events of a workspace.
 *
 * `jobs`: work to run later (snoozes waking, webhook retries, exports, maintenance). A job is due
 * when `run_at` has passed on its workspace's clock; a runner claims it by setting `locked_until`
 * (a lease: a runner that dies leaves the job to be claimed again once the lease ends) and deletes it
 * when done. `unique_key` lets a recurring job exist once however many processes schedule it. Jobs
 * are the one table not keyed by workspace first: a runner claims them across workspaces, and
 * maintenance jobs belong to none (`workspace_id` null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id_code').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['run_at', 'id']).execute();
  await db.schema.createIndex('jobs_workspace_due').on('jobs').columns(['workspace_id', 'run_at']).execute();
}
