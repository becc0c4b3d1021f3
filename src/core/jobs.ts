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
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
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

const committed = new EventEmitter();
committed.setMaxListeners(0);

/** Tells this process's started runners that a transaction scheduling jobs due now has committed. */
export const jobsCommitted = () => committed.emit('due');

/**
 * Brings a waiting job with `uniqueKey` forward to `runAt` (a delivery whose turn has come); a job
 * claimed by a runner right now is left alone.
 */
export async function wakeJob(db: Db, uniqueKey: string, runAt: number): Promise<void> {
  await db.updateTable('jobs').set({ run_at: runAt }).where('unique_key', '=', uniqueKey).where('run_at', '>', runAt).where('locked_until', 'is', null).execute();
}

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
  /**
   * A claim shorter than the default five minutes, for a job known to finish quickly (a webhook
   * attempt has a 5 s timeout): a process killed while holding it delays the job only this long.
   * The claim is renewed, compare-and-set, when the job starts, so a job that waited in its batch
   * past the lease and was meanwhile claimed elsewhere is not run twice.
   */
  leaseSeconds?: number;
}

export type JobKinds = Record<string, JobKind>;

/** Seconds a claim lasts: a job still running after this may be claimed by another runner. */
const LEASE_SECONDS = 300;
/** How long a runner gathers commits before looking for their jobs. */
const NUDGE_MS = 20;
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
  private nudge: (() => void) | undefined;

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

  /**
   * Polls every `everyMs` until `stop()`, and soon after this process commits a job due now
   * (`jobsCommitted`): an operation's webhook fan-out need not wait for the next poll. An idle runner
   * looks at once; a busy one at most once per NUDGE_MS, so a stream of commits is claimed in
   * batches rather than one by one. Errors are logged, never thrown out of the timer.
   */
  start(everyMs = 1000): void {
    let again = false;
    let nudged = false;
    let lastPass = 0;
    const tick = async () => {
      if (this.running) {
        again = true; // a commit during a pass: look once more when it ends
        return;
      }
      clearTimeout(this.timer);
      try {
        do {
          again = false;
          lastPass = performance.now();
          this.running = this.runDue();
          await this.running;
          if (again) await new Promise((resolve) => setTimeout(resolve, NUDGE_MS));
        } while (again && this.timer);
      } catch (error) {
        this.options.log?.error({ err: error }, 'job runner: claiming jobs failed');
      } finally {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, everyMs).unref();
      }
    };
    this.nudge = () => {
      if (this.running) {
        again = true;
        return;
      }
      if (nudged) return;
      nudged = true;
      // At once when idle; under a stream of commits, at most one pass per NUDGE_MS.
      setTimeout(() => {
        nudged = false;
        void tick();
      }, Math.max(0, lastPass + NUDGE_MS - performance.now())).unref();
    };
    committed.on('due', this.nudge);
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.nudge) committed.off('due', this.nudge);
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
        .set((eb) => ({ locked_until: this.leaseUntil(eb, baseNow), attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .where('run_at', '<=', group.now)
        .returningAll()
        .execute();
      claimed.push(...rows);
    }
    return claimed.sort((a, b) => Number(a.run_at) - Number(b.run_at) || Number(a.id) - Number(b.id));
  }

  /** `locked_until` for a claim: each kind's own lease, else the default. */
  private leaseUntil(eb: any, baseNow: number) {
    const short = Object.entries(this.options.kinds).filter(([, k]) => k.leaseSeconds !== undefined);
    if (short.length === 0) return baseNow + LEASE_SECONDS;
    let expression = eb.case();
    for (const [name, k] of short) expression = expression.when('kind', '=', name).then(baseNow + k.leaseSeconds!);
    return expression.else(baseNow + LEASE_SECONDS).end();
  }

  private async runOne(row: JobsTable): Promise<void> {
    const { db, clocks, kinds, log } = this.options;
    const kind = kinds[row.kind];
    // Renewed only when half the claim has gone (the job waited in its batch): until the claim
    // lapses no other runner can have taken the job, so a fresh claim needs no write.
    if (kind?.leaseSeconds !== undefined && Number(row.locked_until) - clocks.base.now() < kind.leaseSeconds / 2) {
      const renewed = await db
        .updateTable('jobs')
        .set({ locked_until: clocks.base.now() + kind.leaseSeconds })
        .where('id', '=', row.id)
        .where('locked_until', '=', row.locked_until)
        .executeTakeFirst();
      if (Number(renewed.numUpdatedRows) === 0) return;
    }
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
