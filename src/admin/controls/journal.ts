/**
 * The request journal: each workspace's most recent API requests (method, path, operationId,
 * status, duration, request and response bodies), for a developer to see what their integration
 * sent and got.
 *
 * Stored in a table, not a ring in memory: several processes may serve one workspace from one
 * PostgreSQL, and each must show the requests any of them answered. Rows are written behind the
 * response, in batches (one transaction per FLUSH_MS at most, so a request costs no commit of its
 * own), and each batch prunes its workspaces to the configured count and bytes. The batch waiting
 * in memory is bounded too: past MAX_PENDING entries the oldest are dropped, and counted.
 *
 * Never stored: headers (the Authorization header included), and in request bodies the value of any
 * key that names a secret (`password`, `token`, `secret`…).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { lockKey } from '../../db/dialect.js';
import { journalOf, type NewJournalEntry } from './store-journal.js';

const FLUSH_MS = 100;
const MAX_PENDING = 5000;
const SECRET_KEY = /secret|password|passwd|token|authorization|api[_-]?key|credential/i;
const REDACTED = '[redacted]';
const MAX_DEPTH = 64;
const TOO_DEEP = '[nested too deeply to record]';

interface Pending {
  workspaceId: string;
  entry: NewJournalEntry;
  /** The workspace's generation when the request was recorded (see `forget`). */
  generation: number;
}

/** The advisory lock a batch's write and a reset hold on a workspace's journal (see `forget`). */
export const journalLock = (workspaceId: string) => `request_journal:${workspaceId}`;

export interface JournalRequest {
  workspaceId: string;
  requestId: string;
  method: string;
  url: string;
  operationId: string | null;
  status: number;
  durationMs: number;
  createdAt: number;
  requestBody: unknown;
  responseBody: string | null;
}

/** A copy of `value` with the values of secret-looking keys replaced, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  // What lies deeper is not kept (a request may nest far deeper than JSON.stringify can recurse).
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
  return copy;
}

/** Redacts secret-looking query parameters of a URL (`?api_key=…`). */
function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_KEY.test(key)) {
      params.set(key, REDACTED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

export class Journal {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Entries dropped because the batch in memory was full (the database could not keep up). */
  dropped = 0;

  constructor(
    private db: Db,
    private config: Config,
  ) {}

  /** Where a batch that could not be written is reported. */
  log?: FastifyBaseLogger;

  get enabled(): boolean {
    return this.config.journalMaxEntries > 0;
  }

  /** Never throws: the journal must not change an answer. */
  record(request: JournalRequest): void {
    if (!this.enabled) return;
    try {
      this.add(request);
    } catch (error) {
      this.log?.warn({ err: error }, 'request journal: a request could not be recorded');
    }
  }

  private add(request: JournalRequest): void {
    const cap = this.config.journalMaxBodyBytes;
    const requestText = request.requestBody === undefined ? null : JSON.stringify(redact(request.requestBody)) ?? null;
    const requestBody = requestText === null ? null : requestText.slice(0, cap);
    const responseBody = request.responseBody === null ? null : request.responseBody.slice(0, cap);
    const path = redactUrl(request.url).slice(0, 2048);
    const entry: NewJournalEntry = {
      created_at: request.createdAt,
      request_id: request.requestId,
      method: request.method,
      path,
      operation_id: request.operationId,
      status: request.status,
      duration_ms: Math.round(request.durationMs * 1000) / 1000,
      request_body: requestBody,
      response_body: responseBody,
      bytes: 128 + path.length + (requestBody?.length ?? 0) + (responseBody?.length ?? 0),
    };
    this.pending.push({ workspaceId: request.workspaceId, entry, generation: this.generation(request.workspaceId) });
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what waits in memory (GET /_admin/requests calls it first, so a process sees its own requests at once). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => (batch.length === 0 ? undefined : this.write(batch)));
    return this.flushing;
  }

  /**
   * Forgets a workspace's entries still in memory (the journal was cleared, or the workspace reset),
   * including a batch already being written: its entries carry an older generation, and the write
   * drops them once it holds the workspace's journal lock. A reset calls this first and then takes
   * that lock (`journalLock`) before it wipes, so a batch written before the wipe is wiped with
   * the rest, and one written after is dropped (on PostgreSQL the lock orders the two
   * transactions; on SQLite they never overlap).
   */
  forget(workspaceId: string): void {
    this.generations.set(workspaceId, this.generation(workspaceId) + 1);
    this.pending = this.pending.filter((p) => p.workspaceId !== workspaceId);
  }

  private generations = new Map<string, number>();

  private generation(workspaceId: string): number {
    return this.generations.get(workspaceId) ?? 0;
  }

  private async write(batch: Pending[]): Promise<void> {
    const byWorkspace = new Map<string, Pending[]>();
    for (const pending of batch) {
      const group = byWorkspace.get(pending.workspaceId);
      if (group) group.push(pending);
      else byWorkspace.set(pending.workspaceId, [pending]);
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const [workspaceId, pending] of byWorkspace) {
          await lockKey(trx, journalLock(workspaceId));
          const entries = pending.filter((p) => p.generation === this.generation(workspaceId)).map((p) => p.entry);
          if (entries.length === 0) continue;
          const store = journalOf(trx, workspaceId);
          await store.add(entries);
          await store.prune(this.config.journalMaxEntries, this.config.journalMaxBytes);
        }
      });
    } catch (error) {
      // A workspace deleted meanwhile (foreign key), or the database away: the batch is lost, the server goes on.
      this.log?.warn({ err: error, entries: batch.length }, 'request journal: a batch could not be written');
    }
  }
}
