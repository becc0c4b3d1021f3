/**
 * How long `POST /_admin/reset` takes on a workspace of a few thousand rows, and a snapshot and a
 * restore of the same workspace. Run: `node --import tsx bench/reset.ts [--contacts=3000]
 * [--database-url=sqlite::memory:|sqlite:./bench/.work/reset.sqlite|postgres://…]`. Prints a
 * Markdown table; numbers go to bench/findings.md and BENCHMARKS.md by hand.
 */
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { Clocks } from '../src/core/clock.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';
import { ownerAdminId } from '../src/resources/admins/public.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=') ?? fallback;
const contacts = Number(arg('contacts', '3000'));
const url = arg('database-url', 'sqlite::memory:');
const rounds = Number(arg('rounds', '7'));
if (url.startsWith('sqlite:./')) rmSync(url.slice('sqlite:'.length), { force: true });

const config = loadConfig([], { DATABASE_URL: url, LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0' });
const database = await openDatabase(config.database);
const clocks = new Clocks();
const app = await buildApp({ config, database, clocks, logger: { level: 'error' } });
const { workspace } = await createWorkspace(database.db, clocks.base, { name: 'Bench', region: 'US', timezone: 'UTC' });
const { token } = await issueToken(database.db, { workspaceId: workspace.id_code, adminId: await ownerAdminId(database.db, workspace.id_code), now: clocks.base.now() });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

/** A few thousand rows: contacts with tags, notes, companies and subscription choices. */
function fixture() {
  const tags = ['VIP', 'Trial', 'Churn risk', 'Beta', 'Enterprise'];
  return {
    data_attributes: [{ name: 'plan', model: 'contact', data_type: 'string' }],
    companies: Array.from({ length: 20 }, (_, i) => ({ ref: `co${i}`, company_id: `co-${i}`, name: `Company ${i}` })),
    contacts: Array.from({ length: contacts }, (_, i) => ({ ref: `c${i}`, email: `person${i}@example.com`, external_id: `u${i}`, name: `Person ${i}`, custom_attributes: { plan: i % 2 ? 'pro' : 'free' } })),
    company_contacts: Array.from({ length: Math.floor(contacts / 3) }, (_, i) => ({ contact_id: `@c${i * 3}`, id: `@co${i % 20}` })),
    tags: tags.map((name, t) => ({ name, users: Array.from({ length: Math.floor(contacts / 5) }, (_, i) => ({ id: `@c${(i * 5 + t) % contacts}` })) })),
    notes: Array.from({ length: Math.floor(contacts / 2) }, (_, i) => ({ contact_id: `@c${i * 2}`, body: `<p>Called about invoice ${i}</p>` })),
  };
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await app.inject({ method, url: path, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
  if (res.statusCode !== 200) throw new Error(`${method} ${path} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

async function rowCount(): Promise<number> {
  const snap = JSON.parse((await call('GET', '/_admin/snapshot')).body);
  return Object.values<any>(snap.tables).reduce((n, t) => n + t.rows.length, 0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const resets: number[] = [];
/** CPU time of this process (user + system): on a busy machine, wall time mostly measures the wait for a core. */
const resetCpu: number[] = [];
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const loads: number[] = [];
const snapshots: number[] = [];
const restores: number[] = [];
let rows = 0;
let bytes = 0;
for (let round = 0; round < rounds; round++) {
  let t = performance.now();
  await call('POST', '/_admin/fixtures', fixture());
  loads.push(performance.now() - t);
  if (round === 0) rows = await rowCount();
  t = performance.now();
  const snap = await call('GET', '/_admin/snapshot');
  snapshots.push(performance.now() - t);
  bytes = snap.body.length;
  t = performance.now();
  await call('POST', '/_admin/restore', JSON.parse(snap.body));
  restores.push(performance.now() - t);
  t = performance.now();
  const cpu = process.cpuUsage();
  await call('POST', '/_admin/reset');
  resets.push(performance.now() - t);
  resetCpu.push(cpuMs(cpu));
}
const engine = config.database.engine === 'sqlite' ? `SQLite ${config.database.file}` : 'PostgreSQL';
console.log(`| ${engine} | ${contacts} contacts, ${rows} rows | reset ${median(resets).toFixed(1)} ms wall, ${median(resetCpu).toFixed(1)} ms CPU | snapshot ${median(snapshots).toFixed(1)} ms (${(bytes / 1024).toFixed(0)} KB) | restore ${median(restores).toFixed(1)} ms | fixture load ${median(loads).toFixed(0)} ms |`);
console.log('resets (ms wall):', resets.map((x) => x.toFixed(1)).join(', '));
console.log('resets (ms CPU):', resetCpu.map((x) => x.toFixed(1)).join(', '));
console.log('load average:', (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' '));
await app.close();
await database.close();
