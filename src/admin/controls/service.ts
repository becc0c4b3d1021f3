/**
 * The developer controls of one app: the shared settings (clock, faults) read for every API request,
 * the request journal, and the catalogue of workspace tables. Built by buildApp; its hooks run on
 * every route.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Clocks } from '../../core/clock.js';
import type { JobRunner } from '../../core/jobs.js';
import { scopeOf } from '../../core/scope.js';
import type { Db } from '../../db/database.js';
import { workspaceCatalog, type WorkspaceCatalog } from './catalog.js';
import { faultError } from './fault-errors.js';
import { Journal } from './journal.js';
import { controlSettings, storedClocks, type FaultRow, type Settings } from './store-settings.js';

export interface ControlsDeps {
  db: Db;
  clocks: Clocks;
  config: Config;
  /** Runs a workspace's due jobs when its clock is advanced. */
  jobs: JobRunner;
  /** Drops this process's cached token lookups of a workspace (its tokens now act as other admins). */
  forgetCallers?: (workspaceId: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DeveloperControls {
  readonly journal: Journal;
  private cache = new Map<string, { read: number; settings: Settings }>();

  private constructor(
    readonly deps: ControlsDeps,
    readonly catalog: WorkspaceCatalog,
  ) {
    this.journal = new Journal(deps.db, deps.config);
  }

  static async create(deps: ControlsDeps): Promise<DeveloperControls> {
    return new DeveloperControls(deps, await workspaceCatalog(deps.db));
  }

  /**
   * The workspace's clock and faults as stored, read again when older than `controlsCheckMs` (0:
   * on every request; the cost is in bench/findings.md). The stored clock is applied to this
   * process's clocks when its revision is new here.
   */
  async settings(workspaceId: string): Promise<Settings> {
    const now = Date.now();
    const hit = this.cache.get(workspaceId);
    let settings = hit && now - hit.read < this.deps.config.controlsCheckMs ? hit.settings : undefined;
    if (!settings) {
      settings = await controlSettings(scopeOf(this.deps.db, workspaceId)).read();
      if (this.deps.config.controlsCheckMs > 0) {
        if (this.cache.size > 10_000) this.cache.clear();
        this.cache.set(workspaceId, { read: now, settings });
      }
    }
    const clock = settings.clock;
    if (clock) this.deps.clocks.apply(workspaceId, clock.revision, { offset: clock.offset, frozenAt: clock.frozenAt });
    return settings;
  }

  /** This process changed the workspace's settings: read them afresh next time. */
  invalidate(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  /** Brings every stored clock into this process's clocks (the job runner, before claiming). */
  async syncAllClocks(): Promise<void> {
    await syncStoredClocks(this.deps.db, this.deps.clocks);
  }

  installHooks(app: FastifyInstance): void {
    this.journal.log = app.log;
    // When each request arrived (Fastify measures only when something listens for the response's end).
    const arrived = new WeakMap<FastifyRequest, number>();
    app.addHook('onRequest', (request, _reply, done) => {
      if (this.journal.enabled) arrived.set(request, performance.now());
      done();
    });
    // After admission (the caller is known), before the body is validated: a fault answers whatever was sent.
    app.addHook('preValidation', async (request, reply) => {
      const caller = request.caller;
      if (!caller) return;
      const settings = await this.settings(caller.workspace.id);
      const operationId = request.routeOptions.config.operationId;
      if (operationId && settings.faults.length > 0) await this.inject(request, reply, operationId, settings.faults);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const operationId = request.routeOptions.config.operationId;
      if (!request.caller || !operationId || !this.journal.enabled) return payload;
      const workspaceId = request.caller.workspace.id;
      this.journal.record({
        workspaceId,
        requestId: request.id,
        method: request.method,
        url: request.url,
        operationId,
        status: reply.statusCode,
        durationMs: performance.now() - (arrived.get(request) ?? performance.now()),
        createdAt: this.deps.clocks.for(workspaceId).now(),
        requestBody: request.body,
        responseBody: typeof payload === 'string' ? payload : null,
      });
      return payload;
    });
    app.addHook('onClose', async () => {
      await this.journal.flush();
    });
  }

  /** Applies the first fault that matches and fires: specific ones before those for every operation. */
  private async inject(request: FastifyRequest, reply: FastifyReply, operationId: string, faults: FaultRow[]): Promise<void> {
    const workspaceId = request.caller!.workspace.id;
    const matching = faults
      .filter((f) => f.operation_id === operationId || f.operation_id === null)
      .sort((a, b) => Number(a.operation_id === null) - Number(b.operation_id === null) || a.id - b.id);
    for (const fault of matching) {
      if (fault.probability < 1 && Math.random() >= fault.probability) continue;
      if (fault.remaining !== null) {
        this.invalidate(workspaceId);
        if (!(await controlSettings(scopeOf(this.deps.db, workspaceId)).takeFaultCall(fault.id))) continue;
      }
      if (fault.latency_ms > 0) await sleep(fault.latency_ms);
      if (fault.status !== null) throw faultError(fault.status, reply, this.deps.config, this.deps.clocks.for(workspaceId).now());
      return;
    }
  }
}

/** Applies every stored clock setting to `clocks` (for a job runner in a process serving no request yet). */
export async function syncStoredClocks(db: Db, clocks: Clocks): Promise<void> {
  for (const row of await storedClocks(db)) clocks.apply(row.workspace_id, Number(row.revision), { offset: Number(row.offset_seconds), frozenAt: row.frozen_at === null ? null : Number(row.frozen_at) });
}
