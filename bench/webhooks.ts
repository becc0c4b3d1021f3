/**
 * `npm run bench:webhooks`: webhook delivery measured against a receiver on loopback, for this server
 * on SQLite and on PostgreSQL (when one answers), and written into BENCHMARKS.md as the "Webhook
 * delivery" section (`npm run bench` keeps it).
 *
 * 1. Commit → receipt: one contact at a time on an idle server; from the POST's answer (the write has
 *    committed by then) to the receiver holding the notification.
 * 2. Deliveries per second, one subscription: the receiver answers the first notification 429
 *    (Retry-After: 60) so the next ones queue up; once the minute has passed the backlog drains, and
 *    the rate is counted from the first 2xx to the last.
 * 3. What the outbox costs POST /contacts: the same load with no subscription, with one on another
 *    topic (fan-out finds nothing to send), and with one receiving every contact (the server also
 *    sends them), alternated twice; server CPU per created contact includes sending what was made.
 *
 * Flags: --only=sqlite,postgres · --seconds=N (load per run, default 8) · --backlog=N (default
 * 1000) · --samples=N (latency samples, default 100) · --no-write. BENCH_DATABASE_URL as for `npm run bench`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cpuMs, startProcess, stopProcess } from './lib/processes.js';
import { preservedSection } from './lib/report.js';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const WORK = join(BENCH, '.work');
const TOKEN = 'bench-webhooks-0123456789';
const HOST = '127.0.0.1';
const PORT = Number(process.env.BENCH_PORT ?? 4311);
const CONNECTIONS = 10;

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string', default: 'sqlite,postgres' },
    seconds: { type: 'string', default: '8' },
    backlog: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '100' },
    'no-write': { type: 'boolean', default: false },
  },
});
const seconds = Number(flags.seconds);
const backlog = Number(flags.backlog);
const samples = Number(flags.samples);

const started = Date.now();
const log = (message: string) => process.stderr.write(`[webhooks ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const base = `http://${HOST}:${PORT}`;
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' };

function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolvePromise({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The receiver: notes when each contact's notification arrived; `throttleNext` answers one 429. */
async function receiver() {
  const arrivals = new Map<string, number>();
  const okTimes: number[] = [];
  let throttleNext = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      if (throttleNext) {
        throttleNext = false;
        res.writeHead(429, { 'retry-after': '60' });
        res.end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const email = body.data?.item?.email;
      if (email && !arrivals.has(email)) arrivals.set(email, at);
      okTimes.push(at);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return {
    url: `http://${HOST}:${(server.address() as { port: number }).port}/hook`,
    arrivals,
    okTimes,
    throttle: () => (throttleNext = true),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function until(condition: () => boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** POST /contacts from CONNECTIONS workers for `seconds`; returns the emails made and latencies. */
async function load(tag: string, forSeconds: number) {
  const emails: string[] = [];
  const latencies: number[] = [];
  const deadline = performance.now() + forSeconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const email = `${tag}-${n++}@example.com`;
        const t0 = performance.now();
        const res = await api('POST', '/contacts', { email });
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`POST /contacts answered ${res.status}`);
        emails.push(email);
      }
    }),
  );
  return { emails, rps: emails.length / forSeconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

interface EngineResult {
  engine: string;
  latency: { p50: number; p99: number; n: number };
  drain: { deliveries: number; perSecond: number; cpuUs: number };
  cost: Record<'none' | 'other' | 'matching', { rps: number[]; p50: number[]; cpuUs: number[] }>;
}

async function measure(engine: string, databaseUrl: string): Promise<EngineResult> {
  const server = await startProcess({
    args: [join(ROOT, 'dist/main.js')],
    env: { DATABASE_URL: databaseUrl, PORT: String(PORT), HOST, INTERCOM_ACCESS_TOKEN: TOKEN, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
    readyUrl: `${base}/me`,
    headers,
  });
  const hook = await receiver();
  try {
    const subscribe = async (topics: string[]) => (await api('POST', '/_admin/webhooks', { url: hook.url, topics })).body.id as string;
    const unsubscribe = (id: string) => api('DELETE', `/_admin/webhooks/${id}`);

    // 1. Commit → receipt, one at a time.
    log(`${engine}: commit → receipt, ${samples} contacts one at a time`);
    let subscription = await subscribe(['contact.user.created']);
    const latencies: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const email = `latency-${i}@example.com`;
      const res = await api('POST', '/contacts', { email });
      const committed = performance.now();
      if (res.status !== 200) throw new Error(`POST /contacts answered ${res.status}`);
      await until(() => hook.arrivals.has(email), 10_000, `the notification of ${email}`);
      if (i >= 20) latencies.push(hook.arrivals.get(email)! - committed); // the first 20 warm up
    }
    log(`${engine}: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`);

    // 2. Draining a backlog of one subscription.
    log(`${engine}: backlog of ${backlog} behind a 429 (Retry-After: 60)`);
    hook.throttle();
    await api('POST', '/contacts', { email: 'throttled@example.com' });
    const made: string[] = [];
    for (let i = 0; i < backlog; i += CONNECTIONS) {
      await Promise.all(Array.from({ length: Math.min(CONNECTIONS, backlog - i) }, (_, k) => api('POST', '/contacts', { email: `backlog-${i + k}@example.com` })));
      for (let k = 0; k < Math.min(CONNECTIONS, backlog - i); k++) made.push(`backlog-${i + k}@example.com`);
    }
    // Counted from here: what the Retry-After let through while the backlog was still being made is left out.
    const okBefore = hook.okTimes.length;
    const drainCpu = cpuMs(server.child.pid)!;
    await until(() => made.every((e) => hook.arrivals.has(e)), 600_000, 'the backlog');
    const drained = hook.okTimes.slice(okBefore);
    const perSecond = (drained.length - 1) / ((drained.at(-1)! - drained[0]) / 1000);
    const cpuPerDelivery = ((cpuMs(server.child.pid)! - drainCpu) * 1000) / drained.length;
    log(`${engine}: drained ${drained.length} at ${perSecond.toFixed(0)} deliveries/s, ${cpuPerDelivery.toFixed(0)} µs CPU each`);
    await unsubscribe(subscription);

    // 3. The outbox's cost to POST /contacts.
    const cost: EngineResult['cost'] = { none: { rps: [], p50: [], cpuUs: [] }, other: { rps: [], p50: [], cpuUs: [] }, matching: { rps: [], p50: [], cpuUs: [] } };
    for (let round = 0; round < 2; round++) {
      for (const mode of ['none', 'other', 'matching'] as const) {
        subscription = mode === 'none' ? '' : await subscribe(mode === 'matching' ? ['contact.user.created'] : ['contact.lead.created']);
        const cpuBefore = cpuMs(server.child.pid)!;
        const run = await load(`${mode}-${round}`, seconds);
        // What this load made is sent before the CPU is read: delivery is part of the cost.
        if (mode === 'matching') await until(() => run.emails.every((e) => hook.arrivals.has(e)), 240_000, 'the load\'s notifications');
        else await sleep(1500); // the fan-out jobs of the last writes
        const cpu = cpuMs(server.child.pid)! - cpuBefore;
        cost[mode].rps.push(run.rps);
        cost[mode].p50.push(run.p50);
        cost[mode].cpuUs.push((cpu * 1000) / run.emails.length);
        log(`${engine}: ${mode}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(1)} ms, ${((cpu * 1000) / run.emails.length).toFixed(0)} µs CPU per contact`);
        if (subscription) await unsubscribe(subscription);
      }
    }
    return {
      engine,
      latency: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), n: latencies.length },
      drain: { deliveries: drained.length, perSecond, cpuUs: cpuPerDelivery },
      cost,
    };
  } finally {
    await hook.close();
    await stopProcess(server.child);
  }
}

async function postgresUrl(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const serverUrl = process.env.BENCH_DATABASE_URL || `postgres://postgres@${HOST}:5432/postgres`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `bench_webhooks_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const range = (values: number[], digits = 0) => {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo.toFixed(digits) === hi.toFixed(digits) ? lo.toFixed(digits) : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
};
const mid = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function section(results: EngineResult[], load: [number, number]): string {
  const label = (e: string) => (e === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const lines = [
    '## Webhook delivery',
    '',
    `Written by \`npm run bench:webhooks\` (${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}; ${cpus().length} cores, load ${load[0].toFixed(2)} before and ${load[1].toFixed(2)} after: the machine is shared, so read the ratios). One server process, a receiver on loopback answering at once, ${CONNECTIONS} connections for the load.`,
    '',
    '| Engine | commit → receipt p50 | p99 | deliveries/s, one subscription | server CPU per delivery |',
    '|---|--:|--:|--:|--:|',
    ...results.map((r) => `| ${label(r.engine)} | ${r.latency.p50.toFixed(1)} ms | ${r.latency.p99.toFixed(1)} ms | ${r.drain.perSecond.toFixed(0)} (${r.drain.deliveries} drained) | ${r.drain.cpuUs.toFixed(0)} µs |`),
    '',
    `What the outbox costs \`POST /contacts\` (${seconds} s of load per run, each alternated twice; ranges over the two runs). CPU is the server's own per contact created, including sending the notifications that load made:`,
    '',
    '| Engine | subscription | req/s | p50 | CPU per contact | CPU vs none |',
    '|---|---|--:|--:|--:|--:|',
    ...results.flatMap((r) =>
      (['none', 'other', 'matching'] as const).map((mode) => {
        const c = r.cost[mode];
        const ratio = mid(c.cpuUs) / mid(r.cost.none.cpuUs);
        const what = { none: 'none', other: 'one, another topic', matching: 'one, receiving each contact' }[mode];
        return `| ${label(r.engine)} | ${what} | ${range(c.rps)} | ${range(c.p50, 1)} ms | ${range(c.cpuUs)} µs | ${mode === 'none' ? '' : `${ratio.toFixed(2)}×`} |`;
      }),
    ),
  ];
  return lines.join('\n');
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const only = new Set(flags.only!.split(','));
  const load0 = loadavg()[0];
  const results: EngineResult[] = [];
  if (only.has('sqlite')) {
    const file = join(WORK, `webhooks-${process.pid}.sqlite`);
    try {
      results.push(await measure('sqlite', `sqlite:${file}`));
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }
  if (only.has('postgres')) {
    const database = await postgresUrl();
    if (!database) log('postgres: no server answered, skipped');
    else {
      try {
        results.push(await measure('postgres', database.url));
      } finally {
        await database.drop();
      }
    }
  }
  const text = section(results, [load0, loadavg()[0]]);
  process.stdout.write(`${text}\n`);
  if (flags['no-write']) return;
  const file = join(ROOT, 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const old = preservedSection(existing, 'Webhook delivery');
  writeFileSync(file, old ? existing.replace(old, text) : `${existing.replace(/\n+$/, '')}\n\n${text}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
