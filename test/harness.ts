/**
 * Test harness. Each test file builds one app on one database (in-memory SQLite, or the PostgreSQL
 * database named by TEST_DATABASE_URL); each test makes its own workspace and token, so tests never
 * share mutable state. Every response is checked against the spec by the app itself
 * (`validateResponses`): a violation turns into a 500 that names it, which `call` reports.
 */
import { after } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { Clocks, type WorkspaceClock } from '../src/core/clock.js';
import { eventsOf, type RecordedEvent } from '../src/core/events.js';
import { JobRunner } from '../src/core/jobs.js';
import { jobKinds } from '../src/jobs.js';
import { ownerAdminId } from '../src/resources/admins/store.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'sqlite::memory:';
export const engine = TEST_DATABASE_URL.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as-is, instead of `body` serialised as JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Override the workspace's token; `null` sends no Authorization header. */
  token?: string | null;
}

export interface TestWorkspace {
  id: string;
  token: string;
  ownerAdminId: number;
  /** This workspace's own clock, frozen when the workspace was made: time moves only when the test moves it. */
  clock: WorkspaceClock;
  /** The events this workspace's operations have recorded, oldest first. */
  events(): Promise<RecordedEvent[]>;
  /** Runs this workspace's jobs that are due on its clock; returns how many ran. */
  runJobs(): Promise<number>;
  call<T = any>(method: string, url: string, options?: CallOptions): Promise<Response<T>>;
}

export interface TestApi {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  /** Every workspace's clock; tests move their own workspace's (`ws.clock`), never the base. */
  clocks: Clocks;
  jobs: JobRunner;
  newWorkspace(name?: string): Promise<TestWorkspace>;
  call<T = any>(method: string, url: string, options?: CallOptions): Promise<Response<T>>;
  /** Starts listening on a free loopback port (for the official SDK) and returns the base URL. */
  listen(): Promise<string>;
}

/**
 * Call at the top level of a test file: `const api = await testApi();` (`env` adds settings).
 * The rate limit is off unless a test file turns it on: property tests send thousands of requests.
 */
export async function testApi(env: Record<string, string> = {}): Promise<TestApi> {
  const config = loadConfig([], { DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', ...env });
  const database = await openDatabase(config.database);
  const clocks = new Clocks();
  const jobs = new JobRunner({ db: database.db, clocks, kinds: jobKinds(database, config) });
  const app = await buildApp({ config, database, clocks, validateResponses: true });
  after(async () => {
    await app.close();
    await database.close();
  });

  const call = async <T>(method: string, url: string, options: CallOptions = {}): Promise<Response<T>> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const res = await app.inject({ method: method as any, url, headers, payload });
    const body = res.body ? safeJson(res.body) : undefined;
    if (res.statusCode >= 500 && res.statusCode !== 501) {
      throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    }
    return { status: res.statusCode, body: body as T, headers: res.headers as Response['headers'], raw: res.body };
  };

  return {
    app,
    database,
    config,
    clocks,
    jobs,
    call,
    async newWorkspace(name = 'Test Workspace') {
      const { workspace } = await createWorkspace(database.db, clocks.base, { name, region: 'US', timezone: 'UTC' });
      const owner = await ownerAdminId(database.db, workspace.id_code);
      const clock = clocks.for(workspace.id_code);
      clock.freeze();
      const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: owner, now: clock.now() });
      return {
        id: workspace.id_code,
        token,
        ownerAdminId: owner,
        clock,
        events: () => eventsOf(database.db, workspace.id_code),
        runJobs: () => jobs.runDue({ workspaceId: workspace.id_code }),
        call: (method, url, options = {}) => call(method, url, { ...options, token: options.token === undefined ? token : options.token }),
      };
    },
    async listen() {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('not listening');
      return `http://127.0.0.1:${address.port}`;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Asserts the Intercom error envelope and returns its first error. */
export function firstError(response: Response): { code: string; message: string; field?: string } {
  const body = response.body;
  if (body?.type !== 'error.list' || !Array.isArray(body.errors) || body.errors.length === 0) {
    throw new Error(`expected an error.list body, got ${response.raw}`);
  }
  if (typeof body.request_id !== 'string' || body.request_id.length === 0) throw new Error('error.list without request_id');
  return body.errors[0];
}
