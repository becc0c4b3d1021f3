/**
 * What the scale scripts (search-1m.ts, article-search.ts, conversations-1m.ts) share: a fresh
 * database with one workspace and a token, the real handler to call (buildApp + app.inject), a
 * deterministic random source, and timing a request many times.
 */
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createWorkspace } from '../../src/workspaces/store.js';
import { issueToken } from '../../src/workspaces/tokens.js';
import { freshDatabase } from './fresh-database.js';

export const log = (line: string) => process.stderr.write(line + '\n');

/** xorshift32: the same sequence for the same seed, so every run loads the same data. */
export function xorshift(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export type ScaleWorkspace = Awaited<ReturnType<typeof scaleWorkspace>>;

/** A fresh database (see fresh-database.ts), migrated, with one new workspace and a token for its owner; `env` adds settings. */
export async function scaleWorkspace(options: { engine: 'sqlite' | 'postgres'; databaseUrl: string; tmpPrefix: string; keep: boolean; env?: Record<string, string> }) {
  const { url, cleanup } = await freshDatabase({ ...options, log });
  const config = loadConfig([], { ...options.env, DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config.database);
  const app = await buildApp({ config, database });
  const now = Math.floor(Date.now() / 1000);
  const { workspace, ownerAdminId } = await createWorkspace(database.db, systemClock, { name: 'Bench', region: 'US', timezone: 'UTC' });
  const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: ownerAdminId, now });
  /** One request through the whole handler; anything but a 200 stops the script. */
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await app.inject({
      method: method as 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.statusCode !== 200) throw new Error(`${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    engine: options.engine,
    database,
    db: database.db,
    app,
    workspaceId: workspace.id_code,
    ownerAdminId,
    call,
    async close() {
      await app.close();
      await database.close();
      cleanup();
    },
  };
}

export interface Timing {
  p50: number;
  p95: number;
  p99: number;
  /** What the last run answered (a total count, say). */
  last: number;
}

/** Runs `once` `runs` times after five warm-up runs; percentiles in milliseconds. */
export async function timeRuns(runs: number, once: () => Promise<number>): Promise<Timing> {
  const times: number[] = [];
  let last = 0;
  for (let r = 0; r < runs + 5; r++) {
    const t0 = process.hrtime.bigint();
    last = await once();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r >= 5) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50: at(50), p95: at(95), p99: at(99), last };
}

/** A markdown table row of a timing: `| …cells | p50 | p95 | p99 |`. */
export const timingCells = (cells: (string | number)[], t: Timing) =>
  `| ${[...cells.map((c) => (typeof c === 'number' ? c.toLocaleString('en') : c)), t.p50.toFixed(1), t.p95.toFixed(1), t.p99.toFixed(1)].join(' | ')} |`;
