/**
 * The unit of work: how one operation runs. A read gets the database; every other operation runs
 * in exactly one transaction opened here, its handler's `ctx.db` is that transaction, and its
 * answer is read inside it. A failure anywhere rolls back everything, events and jobs included.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Clocks } from './clock.js';
import type { Ctx, Workspace } from './context.js';
import { noEmit, outboxEmitter } from './events.js';
import { enqueue, jobsCommitted, type Enqueue } from './jobs.js';

export interface KernelDeps {
  db: Db;
  clocks: Clocks;
  config: Config;
}

export interface Caller {
  workspace: Workspace;
  adminId: number;
}

const noEnqueue: Enqueue = async (job) => {
  throw new Error(`a read-only operation tried to schedule a ${job.kind} job`);
};

/** Runs `work` as one operation of `caller`: in a transaction when it writes. */
export async function runOperation<T>(
  deps: KernelDeps,
  caller: Caller,
  request: { id: string; log: FastifyBaseLogger },
  writes: boolean,
  work: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  const clock = deps.clocks.for(caller.workspace.id);
  const base = { workspace: caller.workspace, adminId: caller.adminId, clock, config: deps.config, log: request.log, requestId: request.id };
  if (!writes) return work({ ...base, db: deps.db, emit: noEmit, enqueue: noEnqueue });
  let scheduled = false;
  const result = await deps.db.transaction().execute((trx) => {
    const schedule: Enqueue = (job) => {
      scheduled = true;
      return enqueue(trx, { ...job, workspaceId: caller.workspace.id }, clock.now());
    };
    return work({ ...base, db: trx, emit: outboxEmitter(trx, caller.workspace.id, () => clock.now(), schedule), enqueue: schedule });
  });
  if (scheduled) jobsCommitted();
  return result;
}
