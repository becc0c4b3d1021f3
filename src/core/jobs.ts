/**
 * Jobs: work to run later, stored in the `jobs` table so it survives restarts (migration 0006).
 *
 * `enqueue(db, …)` inside an operation's transaction schedules a job exactly when the write commits.
 * A `JobRunner` (started by main.ts, never by buildApp; driven explicitly in tests) claims due jobs
 * with a lease (`locked_until`), runs each in its own transaction, and deletes it when done. Claims
 * skip rows another runner holds (PostgreSQL `FOR UPDATE SKIP LOCKED`), so several processes never
 * run one job twice at once; a runner that dies mid-job leaves it to be claimed again when the lease
 * ends. A job that throws is retried later with exponential backoff, up to its kind's attempts.
 *
 * "Due" reads the job's own workspace clock: a job of a workspace whose clock was moved forward
 * runs as soon as that clock passes `run_at`.
 */
import type { FastifyBaseLogger } from 'fastify';

import type { Db } from '../db/database.js';
import { engineOf, nextId, skipLocked } from '../db/dialect.js';
import type { JobsTable } from '../db/schema.js';
import type { Clocks } from './clock.js';

export interface NewJob {
  kind: string;
  /** Unix seconds on the workspace's clock (on the base clock for a job without workspace). */
  runAt: number;
  payload?: unknown;
  workspaceId?: string | null;
  /** When set, at most one job with this key exists: enqueueing another is a no-op. */
  uniqueKey?: string;
}

export type Enqueue = (job: Omit<NewJob, 'workspaceId'>) => Promise<void>;

/** Schedules a job through `db` (an operation's transaction: it exists only if that commits). */
export async function enqueue(db: Db, job: NewJob, now: number): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: await nextId(db),
      workspace_id: job.workspaceId ?? null,
      kind: job.kind,
      unique_key: job.uniqueKey ?? null,
      payload: JSON.stringify(job.payload ?? null),
      run_at: job.runAt,
      attempts: 0,
      locked_until: null,
      last_error: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .execute();
}

export interface JobContext {
  /** The job's transaction: what the job writes commits together with its removal. */
  db: Db;
  job: { id: number; kind: string; workspaceId: string | null; payload: unknown; attempts: number; runAt: number };
  /** The job's workspace clock (the base clock without workspace). */
  now: number;
  /** Schedules a follow-up job in the same transaction (a recurring job reschedules itself). */
  enqueue(job: NewJob): Promise<void>;
}

export interface JobKind {
  /**
   * Optional work done before the job's transaction opens, with the database itself (not a
   * transaction): a network call waits here, holding no lock (SQLite has one connection). Its result
   * reaches `run` as `prepared`. A crash between the two runs the job again (at least once).
   */
  prepare?(context: Omit<JobContext, 'enqueue'>): Promise<unknown>;
  run(context: JobContext & { prepared?: unknown }): Promise<void>;
  /** Attempts before the job is given up (kept with its error, no longer run). Default 10. */
  maxAttempts?: number;
}

export type JobKinds = Record<string, JobKind>;

/** Seconds a claim lasts: a job still running after this may be claimed by another runner. */
const LEASE_SECONDS = 300;
const BATCH = 20;
/** Given up jobs stay, for inspection, with this far-future run_at. */
const NEVER = 253402300799; // 9999-12-31

export interface RunnerOptions {
  db: Db;
  clocks: Clocks;
  kinds: JobKinds;
  log?: FastifyBaseLogger;
  /**
   * Brings `clocks` up to date with settings other processes stored (the developer controls' shared
   * clocks) before each round of claims, so a moved workspace clock counts here too.
   */
  syncClocks?: () => Promise<void>;
}

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private options: RunnerOptions) {}

  /** Runs every job due now (optionally only one workspace's); returns how many ran. */
  async runDue(filter: { workspaceId?: string } = {}): Promise<number> {
    await this.options.syncClocks?.();
    let total = 0;
    for (;;) {
      const claimed = await this.claim(filter);
      if (claimed.length === 0) return total;
      for (const job of claimed) await this.runOne(job);
      total += claimed.length;
    }
  }

  /** Polls every `everyMs` until `stop()`. Errors are logged, never thrown out of the timer. */
  start(everyMs = 1000): void {
    const tick = async () => {
      try {
        this.running = this.runDue();
        await this.running;
      } catch (error) {
        this.options.log?.error({ err: error }, 'job runner: claiming jobs failed');
      } finally {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, everyMs).unref();
      }
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /**
   * Claims up to BATCH due jobs. Workspaces whose clock departs from the base clock are asked
   * separately, each against its own clock; all others against the base clock.
   */
  private async claim(filter: { workspaceId?: string }): Promise<JobsTable[]> {
    const { db, clocks } = this.options;
    const baseNow = clocks.base.now();
    const departed = clocks.departed();
    const groups: { now: number; where: (q: any) => any }[] = [];
    if (filter.workspaceId !== undefined) {
      const id = filter.workspaceId;
      groups.push({ now: clocks.for(id).now(), where: (q) => q.where('workspace_id', '=', id) });
    } else {
      groups.push({
        now: baseNow,
        where: (q) => (departed.length === 0 ? q : q.where((eb: any) => eb.or([eb('workspace_id', 'is', null), eb('workspace_id', 'not in', departed)]))),
      });
      for (const id of departed) groups.push({ now: clocks.for(id).now(), where: (q) => q.where('workspace_id', '=', id) });
    }
    const claimed: JobsTable[] = [];
    for (const group of groups) {
      const due = group
        .where(db.selectFrom('jobs').select('id').where('run_at', '<=', group.now))
        .where((eb: any) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', baseNow)]))
        .orderBy('run_at')
        .orderBy('id')
        .limit(BATCH)
        .modifyEnd(skipLocked(engineOf(db)));
      const rows = await db
        .updateTable('jobs')
        .set((eb) => ({ locked_until: baseNow + LEASE_SECONDS, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .where('run_at', '<=', group.now)
        .returningAll()
        .execute();
      claimed.push(...rows);
    }
    return claimed.sort((a, b) => Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
  }

  private async runOne(row: JobsTable): Promise<void> {
    const { db, clocks, kinds, log } = this.options;
    const kind = kinds[row.kind];
    const now = row.workspace_id ? clocks.for(row.workspace_id).now() : clocks.base.now();
    const job = {
      id: Number(row.id),
      kind: row.kind,
      workspaceId: row.workspace_id,
      payload: JSON.parse(row.payload) as unknown,
      attempts: Number(row.attempts),
      runAt: Number(row.run_at),
    };
    try {
      if (!kind) throw new Error(`no job kind ${row.kind} in this server`);
      const prepared = kind.prepare ? await kind.prepare({ db, job, now }) : undefined;
      await db.transaction().execute(async (trx) => {
        // Removed first, so a recurring job can schedule its next run under the same unique key.
        await trx.deleteFrom('jobs').where('id', '=', job.id).execute();
        await kind.run({ db: trx, job, now, prepared, enqueue: (next) => enqueue(trx, next, now) });
      });
    } catch (error) {
      const maxAttempts = kind?.maxAttempts ?? 10;
      const givenUp = job.attempts >= maxAttempts;
      // 2^attempts seconds, ±25%, capped at an hour: retries spread out and never line up.
      const backoff = Math.min(3600, 2 ** job.attempts) * (0.75 + Math.random() * 0.5);
      await db
        .updateTable('jobs')
        .set({ locked_until: null, last_error: String((error as Error)?.message ?? error).slice(0, 2000), run_at: givenUp ? NEVER : now + Math.ceil(backoff) })
        .where('id', '=', job.id)
        .execute();
      log?.warn({ job: job.id, kind: job.kind, attempts: job.attempts, givenUp, err: error }, 'job failed');
    }
  }
}

/** How many jobs wait (tests and inspection). */
export async function pendingJobs(db: Db, kind?: string): Promise<JobsTable[]> {
  let query = db.selectFrom('jobs').selectAll().where('run_at', '<', NEVER);
  if (kind) query = query.where('kind', '=', kind);
  return query.orderBy('run_at').orderBy('id').execute();
}


/** When the earliest pending job of a workspace falls due, if at or before `upTo` (its clock's time). */
export async function nextDueAt(db: Db, workspaceId: string, upTo: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('at'))
    .where('workspace_id', '=', workspaceId)
    .where('run_at', '<=', upTo)
    .executeTakeFirst();
  return row?.at == null ? undefined : Number(row.at);
}
