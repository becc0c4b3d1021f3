/**
 * `npm run bench [-- --quick]`: this server (SQLite, then PostgreSQL) against Stoplight Prism and a
 * bare node:http ceiling, one after another on loopback, same connections and duration, in one run.
 * Prints a table and rewrites BENCHMARKS.md (keeping the "Search at 1,000,000 contacts" section).
 *
 * Flags: --quick · --only=sqlite,postgres,prism,ceiling · --contacts=N · --seconds=N ·
 * --connections=N · --profile (CPU profile of this server on SQLite) · --no-write
 * Environment: BENCH_DATABASE_URL (a PostgreSQL server to create the run's database on), BENCH_PORT
 * (first of three ports, default 4311), BENCH_MAIN (another build of the server to measure),
 * BENCH_SERVER_ENV ("NAME=value …" passed to this server; the rate limit is off unless set here).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { call, assertPortFree, cpuMs, rss, sampleRss, startProcess, stopProcess, type Started } from './lib/processes.js';
import { renderText, writeBenchmarksMd, type Row, type RunInfo, type TargetKey, type TargetResult } from './lib/report.js';
import { scenarios, type Scenario, type Seeded } from './lib/scenarios.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const WORK = join(BENCH, '.work');
const SPEC = resolve(ROOT, '../shared/openapi/intercom-2.11.yaml');
const TOKEN = 'bench-token-0123456789';
const BASE_PORT = Number(process.env.BENCH_PORT ?? 4311);
const HOST = '127.0.0.1';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    contacts: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const quick = flags.quick!;
const settings = {
  connections: Number(flags.connections ?? 10),
  seconds: Number(flags.seconds ?? (quick ? 2 : 15)),
  warmupSeconds: quick ? 0.5 : 3,
  contacts: Number(flags.contacts ?? 100_000),
};
const only = new Set((flags.only ?? 'sqlite,postgres,prism,ceiling').split(',').map((s) => s.trim()));

const headers = { authorization: `Bearer ${TOKEN}`, 'intercom-version': '2.11', accept: 'application/json' };
const jsonHeaders = { ...headers, 'content-type': 'application/json' };

const benchStarted = Date.now();
function log(message: string) {
  process.stderr.write(`[bench ${((Date.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

/** The bench's own tools live in bench/node_modules, installed from bench/package-lock.json on first run. */
function ensureTools() {
  const has = (p: string) => existsSync(join(BENCH, 'node_modules', p, 'package.json'));
  if (has('autocannon') && has('@stoplight/prism-cli')) return;
  log('installing the benchmark tools into bench/ (npm ci --prefix bench), once…');
  const run = spawnSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('npm ci --prefix bench failed');
}

ensureTools();
const benchRequire = createRequire(join(BENCH, 'package.json'));
// autocannon ships no types; its result shape is described where it is read.
const autocannon = benchRequire('autocannon') as (options: unknown) => Promise<any> & { on(event: string, listener: (...args: any[]) => void): void };

/** What one autocannon run yields: a measured report row, less what is added after the run. */
type Drive = Omit<Extract<Row, { kind: 'measured' }>, 'kind' | 'probeStatus' | 'cpuUsPerRequest'> & {
  /** Answers refused by a rate limit: the run measured the limiter, not the server. */
  status429: number;
};

/** One autocannon run of `scenario` for `seconds`, each request built by the scenario. */
async function drive(base: string, scenario: Scenario, seeded: Seeded, tag: string, seconds: number): Promise<Drive> {
  let n = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections: settings.connections,
    pipelining: 1,
    duration: seconds,
    headers,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const shape = scenario.request(n++, seeded, tag);
          request.method = shape.method;
          request.path = shape.path;
          request.body = shape.body;
          // A copy: autocannon writes Content-Length into the headers object it is given.
          request.headers = { ...(shape.body ? jsonHeaders : headers) };
          return request;
        },
      },
    ],
  });
  // autocannon's own histogram keeps whole milliseconds; keep every response time instead.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return {
    status429: result.statusCodeStats?.['429']?.count ?? 0,
    rps: result.requests.total / seconds,
    p50: at(0.5),
    p99: at(0.99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

/** Which scenarios this server answers: a 501 (or, for lists, a 404 route) means not implemented yet. */
const implemented = new Map<string, boolean>();
let ceilingBody: { text: string; from: string } | undefined;
/** The sample seeded into our first database: Prism and the ceiling get the same paths. */
let oursSeeded: Seeded | undefined;

/** Runs every scenario against a started target, sampling its memory meanwhile. */
async function runScenarios(key: TargetKey, started: Started, base: string, seeded: Seeded, result: TargetResult) {
  await sleep(300);
  result.rssIdle = rss(started.child.pid);
  const sampler = sampleRss(started.child.pid);
  for (const scenario of scenarios) {
    if (implemented.get(scenario.key) === false) {
      result.rows[scenario.key] = { kind: 'not-implemented', note: 'not implemented yet' };
      continue;
    }
    const probeShape = scenario.request(0, seeded, `${key}-probe-${Date.now()}`);
    const probe = await call(base + probeShape.path, probeShape.method, { ...(probeShape.body ? jsonHeaders : headers) }, probeShape.body);
    if (key === 'sqlite' || key === 'postgres') {
      if (probe.status === 501) {
        implemented.set(scenario.key, false);
        result.rows[scenario.key] = { kind: 'not-implemented', note: 'not implemented yet' };
        log(`  ${scenario.label}: not implemented yet (501)`);
        continue;
      }
      implemented.set(scenario.key, true);
      if (scenario.key === 'show-contact' && probe.status === 200 && !ceilingBody) {
        ceilingBody = { text: probe.body, from: `this server's own GET /contacts/{id} answer (${Buffer.byteLength(probe.body)} bytes)` };
      }
    }
    if (probe.status === 0) {
      result.rows[scenario.key] = { kind: 'failed', note: 'no answer' };
      continue;
    }
    const tag = `${key}${Date.now().toString(36)}`;
    await drive(base, scenario, seeded, `${tag}w`, settings.warmupSeconds);
    const cpuBefore = cpuMs(started.child.pid);
    const d = await drive(base, scenario, seeded, `${tag}m`, settings.seconds);
    const cpuAfter = cpuMs(started.child.pid);
    const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && d.requests ? ((cpuAfter - cpuBefore) * 1000) / d.requests : undefined;
    const row: Row = { kind: 'measured', probeStatus: probe.status, cpuUsPerRequest, ...d };
    result.rows[scenario.key] = row;
    if (d.status429) log(`  ${scenario.label}: ${d.status429} answers were 429 (rate limited): the bench turns the limit off unless BENCH_SERVER_ENV sets RATE_LIMIT_PER_MINUTE`);
    log(`  ${scenario.label}: ${Math.round(d.rps)} req/s, p50 ${d.p50.toFixed(2)} ms, p99 ${d.p99.toFixed(2)} ms, ${cpuUsPerRequest?.toFixed(0)} µs CPU/request, non-2xx ${d.non2xx}${probe.status >= 300 ? ` (probe ${probe.status}: ${probe.body.slice(0, 160)})` : ''}`);
  }
  result.rssPeak = sampler.stop();
}

// ---------------------------------------------------------------- this server

/** BENCH_SERVER_ENV="NAME=value NAME2=value2": extra settings for this server (e.g. RATE_LIMIT_PER_MINUTE=10000 to measure with the limit on). */
function serverEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_SERVER_ENV ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

function serverArgs(profileDir?: string) {
  const args = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  // BENCH_MAIN: another build of the server to measure (e.g. an older commit's dist/main.js, for before/after).
  return [...args, process.env.BENCH_MAIN ? resolve(process.env.BENCH_MAIN) : join(ROOT, 'dist/main.js')];
}

async function runOurs(key: 'sqlite' | 'postgres', databaseUrl: string, target: Parameters<typeof import('./lib/seed.js').seedContacts>[0]): Promise<TargetResult> {
  const { seedContacts } = await import('./lib/seed.js');
  const result: TargetResult = { key, rows: {} };
  const port = BASE_PORT;
  await assertPortFree(port);
  const base = `http://${HOST}:${port}`;
  // The load generator sends far more than Intercom's 10,000 a minute: the limit is lifted unless asked for.
  const env = { RATE_LIMIT_PER_MINUTE: '0', ...serverEnv(), DATABASE_URL: databaseUrl, PORT: String(port), HOST, INTERCOM_ACCESS_TOKEN: TOKEN, LOG_LEVEL: 'warn' };
  const start = (profileDir?: string) => startProcess({ args: serverArgs(profileDir), env, readyUrl: `${base}/me`, headers });

  log(`${key}: first start (new database)`);
  const fresh = await start();
  result.startupFreshMs = fresh.startupMs;
  await stopProcess(fresh.child);

  log(`${key}: bulk-loading ${settings.contacts.toLocaleString('en-US')} contacts`);
  const seed = await seedContacts(target, settings.contacts);
  result.seedMs = seed.ms;
  result.seededContacts = seed.contacts;
  result.seededTaggings = seed.taggings;
  result.seededCompanies = seed.companies;
  result.seededAttachments = seed.attachments;
  result.companySeedMs = seed.companyMs;
  result.seededConversations = seed.conversations;
  result.seededParts = seed.conversationParts;
  result.conversationSeedMs = seed.conversationMs;
  log(`${key}: loaded in ${(seed.ms / 1000).toFixed(1)} s; ${seed.companies.toLocaleString('en-US')} companies and ${seed.attachments.toLocaleString('en-US')} attachments through the store in ${(seed.companyMs / 1000).toFixed(1)} s; ${seed.conversations.toLocaleString('en-US')} conversations (${seed.conversationParts.toLocaleString('en-US')} parts) through the store in ${(seed.conversationMs / 1000).toFixed(1)} s`);

  // Start-up on the existing database: the median of three starts (the machine is shared and noisy).
  const startups: number[] = [];
  for (let i = 0; i < 2; i++) {
    const trial = await start();
    startups.push(trial.startupMs);
    await stopProcess(trial.child);
  }
  const profileDir = flags.profile && key === 'sqlite' ? join(WORK, 'profiles') : undefined;
  const started = await start(profileDir);
  startups.push(started.startupMs);
  result.startupMs = median(startups);
  log(`${key}: started in ${startups.map((t) => Math.round(t)).join(', ')} ms (existing database)`);
  try {
    const seeded: Seeded = {
      ids: seed.sample.map((s) => s.id),
      emails: seed.sample.map((s) => s.email),
      companyIds: seed.companySample,
      conversationIds: seed.conversationSample.map((c) => c.id),
      conversationContactIds: seed.conversationSample.map((c) => c.contactId),
      longConversationId: seed.longConversationId,
      adminId: seed.adminId,
    };
    if (!oursSeeded) oursSeeded = seeded;
    await runScenarios(key, started, base, seeded, result);
  } finally {
    await stopProcess(started.child);
  }
  if (profileDir) log(`${key}: CPU profile written to ${profileDir}`);
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function runSqlite(): Promise<TargetResult> {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, `bench-${process.pid}.sqlite`);
  const cleanup = () => ['', '-wal', '-shm'].forEach((s) => rmSync(file + s, { force: true }));
  cleanup();
  try {
    return await runOurs('sqlite', `sqlite:${file}`, { engine: 'sqlite', file });
  } finally {
    cleanup();
  }
}

let postgresVersion: string | undefined;

async function runPostgres(): Promise<TargetResult> {
  const serverUrl = process.env.BENCH_DATABASE_URL || `postgres://postgres@${HOST}:5432/postgres`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    return {
      key: 'postgres',
      rows: {},
      skipped: `no PostgreSQL answered at ${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : `${HOST}:5432`} (${(error as Error).message})`,
    };
  }
  const name = `intercom_bench_${Date.now()}_${process.pid}`;
  try {
    postgresVersion = `PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await runOurs('postgres', url.toString(), { engine: 'postgres', url: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e: Error) => log(`could not drop ${name}: ${e.message}`));
    await admin.end();
  }
}

// ---------------------------------------------------------------- Prism

/** Prism cannot resolve the shipped spec's dangling `#/components/schemas/custom_attributes`: define it. */
async function patchedSpec(): Promise<string> {
  const YAML = (await import('yaml')).default;
  const doc = YAML.parse(readFileSync(SPEC, 'utf8'));
  doc.components.schemas.custom_attributes ??= {
    type: 'object',
    description: 'Custom attributes (defined by the bench: the shipped spec references it without defining it)',
    additionalProperties: true,
  };
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, 'intercom-2.11.prism.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function runPrism(seeded: Seeded): Promise<TargetResult> {
  if (!existsSync(SPEC)) return { key: 'prism', rows: {}, skipped: `the spec is not at ${SPEC}, so Prism has nothing to mock` };
  const spec = await patchedSpec();
  const port = BASE_PORT + 1;
  await assertPortFree(port);
  const base = `http://${HOST}:${port}`;
  const cli = join(dirname(benchRequire.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
  log('prism: starting');
  // Prism logs a line per request; it goes to /dev/null, so neither a pipe nor the bench slows it down.
  const started = await startProcess({ args: [cli, 'mock', '-h', HOST, '-p', String(port), spec], readyUrl: `${base}/me`, headers, quietStdout: true });
  const result: TargetResult = { key: 'prism', rows: {}, startupMs: started.startupMs };
  log(`prism: started in ${Math.round(started.startupMs)} ms`);
  try {
    await runScenarios('prism', started, base, seeded, result);
    if (!ceilingBody) {
      const probe = await call(`${base}/contacts/${seeded.ids[0] ?? 'x'}`, 'GET', headers);
      if (probe.status === 200) ceilingBody = { text: probe.body, from: `Prism's example contact (${Buffer.byteLength(probe.body)} bytes), since this server does not answer GET /contacts/{id} yet` };
    }
  } finally {
    await stopProcess(started.child);
    rmSync(spec, { force: true });
  }
  return result;
}

// ---------------------------------------------------------------- ceiling

async function runCeiling(seeded: Seeded): Promise<TargetResult> {
  const body = ceilingBody ?? {
    text: JSON.stringify({ type: 'contact', id: '0'.repeat(24), placeholder: 'x'.repeat(1700) }),
    from: 'a 1.8 kB placeholder (neither this server nor Prism answered GET /contacts/{id})',
  };
  ceilingBody = body;
  const file = join(WORK, 'ceiling-body.json');
  writeFileSync(file, body.text);
  const port = BASE_PORT + 2;
  await assertPortFree(port);
  const base = `http://${HOST}:${port}`;
  const started = await startProcess({
    args: [join(BENCH, 'ceiling.mjs')],
    env: { PORT: String(port), HOST, CEILING_BODY_FILE: file },
    readyUrl: `${base}/me`,
    headers,
  });
  const result: TargetResult = { key: 'ceiling', rows: {}, startupMs: started.startupMs };
  try {
    await runScenarios('ceiling', started, base, seeded, result);
  } finally {
    await stopProcess(started.child);
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` (npm run bench does)');
  const began = Date.now();
  const loadBefore = loadavg()[0];
  const results: Partial<Record<TargetKey, TargetResult>> = {};
  const notes: string[] = [];

  if (only.has('sqlite')) {
    results.sqlite = await runSqlite();
  }
  if (only.has('postgres')) results.postgres = await runPostgres();
  // Prism and the ceiling need ids to put in paths; any will do, ours are realistic.
  let seeded = oursSeeded;
  if (!seeded) {
    const { makeContact } = await import('./lib/seed.js');
    let x = 1;
    const random = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    const sample = Array.from({ length: 2000 }, (_, i) => makeContact('bench', i, 2000, Math.floor(Date.now() / 1000), random, []));
    const numbers = sample.map((_, i) => String(1000 + i));
    seeded = {
      ids: sample.map((c) => c.id),
      emails: sample.map((c) => c.email!),
      companyIds: sample.map((c) => c.id.split('').reverse().join('')),
      conversationIds: numbers,
      conversationContactIds: sample.map((c) => c.id),
      longConversationId: numbers[0],
      adminId: '1',
    };
  }
  if (only.has('prism')) results.prism = await runPrism(seeded);
  if (only.has('ceiling')) results.ceiling = await runCeiling(seeded);

  const seconds = Math.round((Date.now() - began) / 1000);
  const cpu = cpus();
  const info: RunInfo = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    mode: quick ? 'quick' : 'full',
    connections: settings.connections,
    seconds: settings.seconds,
    warmupSeconds: settings.warmupSeconds,
    contacts: settings.contacts,
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    load: `${loadBefore.toFixed(2)} before the run, ${loadavg()[0].toFixed(2)} after (1-minute load average)`,
    postgresVersion,
    ceilingBody: ceilingBody?.from ?? 'not run',
    notes,
  };
  process.stdout.write(`\n${renderText(info, results, scenarios)}\nWhole run: ${seconds} s.\n`);
  if (!flags['no-write'] && !flags.only) {
    writeBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), info, results, scenarios);
    log('BENCHMARKS.md rewritten');
  }
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
