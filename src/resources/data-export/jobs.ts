/**
 * The export job kinds the job runner knows (listed in src/jobs.ts).
 *
 * `data_export` writes the file. The heavy part runs in the kind's `prepare`, outside the job's
 * transaction: each piece of the file commits on its own, so a large export never holds SQLite's
 * one connection or a long PostgreSQL transaction, and requests go on meanwhile. The export row
 * itself is claimed by the runner (`dataExports.claim`), with a lease renewed between batches: a
 * second runner that picks up the same job (say, after the job's lease ran out on a slow export)
 * finds it held and retries later, and a runner that died is replaced once its claim runs out.
 * Between batches the runner also sees a cancel, and stops. `run` then records the outcome in the
 * job's transaction.
 *
 * `data_export_expiry` drops the file when its download expires.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JobKinds } from '../../core/jobs.js';
import { scopeOf } from '../../core/scope.js';
import { Stopped, writeExportFile } from './file.js';
import { dataExports } from './store.js';

export const DATA_EXPORT_JOB = 'data_export';
export const DATA_EXPORT_EXPIRY_JOB = 'data_export_expiry';

/** A download stays available this long after the export completed: two days (behaviour §12). */
export const DOWNLOAD_SECONDS = 2 * 24 * 60 * 60;
/**
 * How long a runner's claim on an export lasts unless renewed (it is, after every batch). Well under
 * the job runner's own lease (five minutes), so that when a runner dies, the job's next attempt
 * finds the claim expired and takes the export over.
 */
const CLAIM_SECONDS = 60;
/** Attempts before an export that keeps failing is marked failed. */
const ATTEMPTS = 5;

interface Payload {
  exportId: string;
}

type Outcome = { runner: string; rows: number; bytes: number } | { runner?: string; stopped: true };

export function dataExportJobKinds(): JobKinds {
  return {
    [DATA_EXPORT_JOB]: {
      maxAttempts: ATTEMPTS,
      async prepare({ db, job, now }): Promise<Outcome> {
        const { exportId } = job.payload as Payload;
        const scope = scopeOf(db, job.workspaceId!);
        const store = dataExports(scope);
        const runner = randomUUID();
        if (!(await store.claim(exportId, runner, now, now + CLAIM_SECONDS))) {
          const row = await store.find(exportId);
          // Another runner is writing it: try again later (by then it has ended, and this stops here).
          if (row?.status === 'in_progress') throw new Error(`export ${exportId} is being written by another runner`);
          return { stopped: true };
        }
        const row = (await store.find(exportId))!;
        // The workspace clock as the job started, moved on by the time spent since (for the lease).
        const started = performance.now();
        const clock = () => now + Math.floor((performance.now() - started) / 1000);
        const keepGoing = async () => {
          if (!(await store.renew(exportId, runner, clock() + CLAIM_SECONDS))) throw new Stopped();
        };
        try {
          await store.dropChunks(exportId, { only: runner });
          return { runner, ...(await writeExportFile(scope, row, runner, keepGoing)) };
        } catch (error) {
          await store.dropChunks(exportId, { only: runner });
          if (error instanceof Stopped) return { runner, stopped: true };
          if (job.attempts >= ATTEMPTS) {
            await store.fail(exportId, String((error as Error)?.message ?? error), clock());
            return { runner, stopped: true };
          }
          await store.release(exportId, runner);
          throw error;
        }
      },

      async run({ db, job, now, prepared, enqueue }) {
        const outcome = prepared as Outcome;
        if ('stopped' in outcome) return;
        const { exportId } = job.payload as Payload;
        const store = dataExports(scopeOf(db, job.workspaceId!));
        const completed = outcome.rows > 0;
        const expiresAt = now + DOWNLOAD_SECONDS;
        const finished = await store.finish(exportId, outcome.runner, {
          status: completed ? 'completed' : 'no_data',
          row_count: outcome.rows,
          byte_size: outcome.bytes,
          completed_at: now,
          expires_at: completed ? expiresAt : null,
          updated_at: now,
        });
        // Canceled (or taken over) while the last piece was written: this runner's file is of no use.
        if (!finished) return store.dropChunks(exportId, { only: outcome.runner });
        await store.dropChunks(exportId, { except: completed ? outcome.runner : undefined });
        if (completed) await enqueue({ kind: DATA_EXPORT_EXPIRY_JOB, workspaceId: job.workspaceId, runAt: expiresAt, payload: { exportId } });
      },
    },

    [DATA_EXPORT_EXPIRY_JOB]: {
      async run({ db, job }) {
        const { exportId } = job.payload as Payload;
        await dataExports(scopeOf(db, job.workspaceId!)).dropChunks(exportId);
      },
    },
  };
}
