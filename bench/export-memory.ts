/**
 * Message data export at scale: time and memory. Not a test: a script.
 *
 *   npx tsx bench/export-memory.ts [--count N]
 *
 * Opens a fresh SQLite file (a temporary directory), creates one workspace and one contact, and
 * bulk-loads N conversations a teammate started, each with one teammate reply (2N receipts). Then
 * runs the export job through the real job runner, sampling the process's memory every 20 ms, and
 * downloads the file through the real handler, counting its bytes. Prints receipts, file size,
 * seconds for the job and the download, and the peak heap and RSS above what they were before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { nextIds } from '../src/db/dialect.js';
import { Clocks } from '../src/core/clock.js';
import { JobRunner } from '../src/core/jobs.js';
import { jobKinds } from '../src/jobs.js';
import { ownerAdminId } from '../src/resources/admins/store.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';

const { values: args } = parseArgs({ options: { count: { type: 'string', default: '100000' } } });
const COUNT = Number(args.count);
const log = (line: string) => process.stderr.write(line + '\n');

const dir = mkdtempSync(join(tmpdir(), 'intercom-export-'));
const config = loadConfig([], { DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' });
const database = await openDatabase(config.database);
const db = database.db;
const clocks = new Clocks();
const { workspace } = await createWorkspace(db, clocks.base, { name: 'Bench', region: 'US', timezone: 'UTC' });
const ws = workspace.id_code;
const admin = String(await ownerAdminId(db, ws));
const { token } = await issueToken(db, { workspaceId: ws, adminId: Number(admin), now: clocks.base.now() });
const app = await buildApp({ config, database, clocks });
const auth = { authorization: `Bearer ${token}` };

const contact = JSON.parse((await app.inject({ method: 'POST', url: '/contacts', headers: auth, payload: { email: 'bench@example.com', name: 'Bench' } })).body).id;
const t0 = clocks.base.now() - COUNT;
log(`loading ${COUNT} conversations…`);
const STEP = 500;
for (let from = 0; from < COUNT; from += STEP) {
  const ids = Array.from({ length: Math.min(STEP, COUNT - from) }, (_, i) => from + i);
  await db.transaction().execute(async (trx) => {
    const searchRowids = await nextIds(trx, ids.length);
    await trx.insertInto('conversations').values(ids.map((i, k) => ({
      workspace_id: ws, id: i + 1, source_id: 3 * COUNT + i, search_rowid: searchRowids[k], state: 'closed', source_type: 'conversation', source_delivered_as: 'admin_initiated',
      source_author_type: 'admin', source_author_id: admin, source_body: `message ${i}`, created_at: t0 + i, updated_at: t0 + i,
    })) as never).execute();
    await trx.insertInto('conversation_parts').values(ids.map((i) => ({
      workspace_id: ws, id: COUNT + i + 1, conversation_id: i + 1, part_type: 'comment', body: 'reply', author_type: 'admin', author_id: admin,
      redacted: 0 as const, attachments: '[]', notified_at: t0 + i, created_at: t0 + i, updated_at: t0 + i,
    }))).execute();
    await trx.insertInto('conversation_contacts').values(ids.map((i) => ({ workspace_id: ws, conversation_id: i + 1, contact_id: contact, added_at: t0 + i }))).execute();
  });
}

global.gc?.();
const base = process.memoryUsage();
let peak = { heap: base.heapUsed, rss: base.rss };
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peak = { heap: Math.max(peak.heap, now.heapUsed), rss: Math.max(peak.rss, now.rss) };
}, 20);

const created = JSON.parse((await app.inject({ method: 'POST', url: '/export/content/data', headers: auth, payload: { created_at_after: t0, created_at_before: t0 + COUNT } })).body);
const jobStart = performance.now();
await new JobRunner({ db, clocks, kinds: jobKinds(database, config) }).runDue({ workspaceId: ws });
const jobSeconds = (performance.now() - jobStart) / 1000;
const shown = JSON.parse((await app.inject({ method: 'GET', url: `/export/content/data/${created.job_identifier}`, headers: auth })).body);
const downloadStart = performance.now();
const file = await app.inject({ method: 'GET', url: `/download/content/data/${created.job_identifier}`, headers: { ...auth, accept: 'application/octet-stream' }, payloadAsStream: true });
let bytes = 0;
for await (const piece of file.stream()) bytes += (piece as Buffer).length;
const downloadSeconds = (performance.now() - downloadStart) / 1000;
clearInterval(sampler);

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
console.log(`status ${shown.status}; ${2 * COUNT} receipts; file ${mb(bytes)} MB gzipped`);
console.log(`job ${jobSeconds.toFixed(1)} s; download ${downloadSeconds.toFixed(1)} s`);
console.log(`peak above start: heap +${mb(peak.heap - base.heapUsed)} MB, rss +${mb(peak.rss - base.rss)} MB`);
await app.close();
await database.close();
rmSync(dir, { recursive: true, force: true });
