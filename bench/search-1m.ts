/**
 * Contact search at scale. Not a test: a script.
 *
 *   npx tsx bench/search-1m.ts [--engine sqlite|postgres] [--count N] [--runs R] [--database-url postgres://…] [--keep]
 *
 * 1. Opens a fresh database (SQLite: a temporary file; PostgreSQL: drops and recreates the database
 *    named by --database-url, default postgres://postgres@127.0.0.1:5432/intercom_bench_search), migrated
 *    like the server's, and creates one workspace with two custom attributes and 20 tags.
 * 2. Bulk-loads N contacts (default 1,000,000) with batched multi-row INSERTs inside transactions
 *    (progress on stderr), plus tags on 5% of them, then ANALYZEs (PostgreSQL: VACUUM ANALYZE).
 * 3. Runs each representative query R times (after a warm-up) through the real HTTP handler:
 *    the app is built with buildApp and called with app.inject (auth, validation, parse, compile,
 *    SQL for page and total_count, contact rendering, JSON), and prints p50/p95/p99 in ms.
 */
import { parseArgs } from 'node:util';
import type { ContactsTable } from '../src/db/schema.js';
import { log, scaleWorkspace, timeRuns, timingCells, xorshift } from './lib/scale.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    count: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '60' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/intercom_bench_search' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = args.engine === 'postgres' ? 'postgres' : 'sqlite';
const COUNT = Number(args.count);
const RUNS = Number(args.runs);

// Deterministic data: the same N contacts every run.
const rand = xorshift(123456789);
const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'John', 'Radia', 'Guido'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'McCarthy'];
const COUNTRIES = Array.from({ length: 50 }, (_, i) => `Country ${i}`);
const PLANS = ['free', 'starter', 'pro', 'business', 'enterprise'];
const DOMAINS = 5000;
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;

async function main() {
  const bench = await scaleWorkspace({ engine, databaseUrl: args['database-url']!, tmpPrefix: 'search-bench-', keep: args.keep! });
  const { db, database, call } = bench;
  await call('POST', '/data_attributes', { name: 'plan', model: 'contact', data_type: 'string' });
  await call('POST', '/data_attributes', { name: 'seats', model: 'contact', data_type: 'integer' });
  const tagIds: number[] = [];
  for (let i = 0; i < 20; i++) tagIds.push(Number((await call('POST', '/tags', { name: `tag-${i}` })).id));

  // ----- bulk load ------------------------------------------------------------------------------
  const ws = bench.workspaceId;
  const BATCH = engine === 'postgres' ? 2000 : 1000; // rows per INSERT (under both engines' parameter limits)
  const PER_TX = 20; // INSERTs per transaction
  const started = Date.now();
  let loaded = 0;
  const contactId = (i: number) => i.toString(16).padStart(24, '0');
  while (loaded < COUNT) {
    await db.transaction().execute(async (trx) => {
      for (let b = 0; b < PER_TX && loaded < COUNT; b++) {
        const rows: Partial<ContactsTable>[] = [];
        const tags: { workspace_id: string; contact_id: string; tag_id: number; applied_at: number; applied_by: null }[] = [];
        for (let k = 0; k < BATCH && loaded < COUNT; k++, loaded++) {
          const i = loaded;
          const domain = `domain${i % DOMAINS}.com`;
          const created = NOW - Math.floor(rand() * 3 * 365 * DAY);
          const id = contactId(i);
          rows.push({
            workspace_id: ws, id, role: rand() < 0.8 ? 'user' : 'lead',
            email: `user${i}@${domain}`, email_domain: domain, name: `${pick(FIRST)} ${pick(LAST)}`,
            owner_id: rand() < 0.7 ? 1 + Math.floor(rand() * 50) : null,
            created_at: created, updated_at: created, signed_up_at: created,
            last_seen_at: rand() < 0.85 ? NOW - Math.floor(rand() * 365 * DAY) : null,
            location_country: pick(COUNTRIES), unsubscribed_from_emails: rand() < 0.1 ? 1 : 0,
            has_hard_bounced: 0, marked_email_as_spam: 0, archived: rand() < 0.01 ? 1 : 0,
            custom_attributes: JSON.stringify({ plan: pick(PLANS), seats: 1 + Math.floor(rand() * 1000) }),
          });
          if (rand() < 0.05) tags.push({ workspace_id: ws, contact_id: id, tag_id: pick(tagIds), applied_at: created, applied_by: null });
        }
        await trx.insertInto('contacts').values(rows as ContactsTable[]).execute();
        if (tags.length) await trx.insertInto('contact_tags').values(tags).execute();
      }
    });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`\rloaded ${loaded.toLocaleString('en')} / ${COUNT.toLocaleString('en')} contacts  ${Math.round(loaded / seconds).toLocaleString('en')}/s   `);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  log(`\nloaded in ${loadSeconds.toFixed(1)} s; analyzing…`);
  // PostgreSQL: VACUUM sets the visibility map (index-only scans) as autovacuum would soon after a
  // bulk load; SQLite: the statistics the server keeps itself (src/db/database.ts).
  await database.analyze();

  // ----- queries ----------------------------------------------------------------------------------
  const probe = 424242 % COUNT;
  const queries: { name: string; body: unknown }[] = [
    {
      name: 'selective nested AND/OR (email_domain AND (role OR owner_id IN) AND last_seen_at >)',
      body: {
        query: {
          operator: 'AND',
          value: [
            { field: 'email_domain', operator: '=', value: 'Domain123.com' },
            { operator: 'OR', value: [{ field: 'role', operator: '=', value: 'lead' }, { field: 'owner_id', operator: 'IN', value: [1, 2, 3, 4, 5] }] },
            { field: 'last_seen_at', operator: '>', value: NOW - 180 * DAY },
          ],
        },
      },
    },
    { name: 'email equality (case-insensitive)', body: { query: { field: 'email', operator: '=', value: `USER${probe}@domain${probe % DOMAINS}.com` } } },
    {
      name: 'custom attribute AND email_domain',
      body: { query: { operator: 'AND', value: [{ field: 'custom_attributes.plan', operator: '=', value: 'pro' }, { field: 'email_domain', operator: '=', value: 'domain77.com' }] } },
    },
    { name: 'custom attribute alone (seats = 777)', body: { query: { field: 'custom_attributes.seats', operator: '=', value: 777 } } },
    {
      name: 'date range (last_seen_at in a 2-day window)',
      body: { query: { operator: 'AND', value: [{ field: 'last_seen_at', operator: '>', value: NOW - 100 * DAY }, { field: 'last_seen_at', operator: '<', value: NOW - 97 * DAY }] } },
    },
    { name: 'tag (tag_id =)', body: { query: { field: 'tag_id', operator: '=', value: String(tagIds[7]) } } },
    { name: 'broad (role = user, first page of ~790k)', body: { query: { field: 'role', operator: '=', value: 'user' } } },
  ];

  const results: string[] = [];
  for (const q of queries) {
    const timing = await timeRuns(RUNS, async () => (await call('POST', '/contacts/search', q.body)).total_count);
    const line = timingCells([engine, COUNT, q.name, timing.last], timing);
    results.push(line);
    log(line);
  }
  console.log(`\nengine=${engine} contacts=${COUNT} load=${loadSeconds.toFixed(1)}s runs=${RUNS} (through buildApp + app.inject)`);
  console.log('| engine | contacts | query | matches | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const line of results) console.log(line);

  await bench.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
