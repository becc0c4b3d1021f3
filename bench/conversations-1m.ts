/**
 * Conversations at scale. Not a test: a script.
 *
 *   npx tsx bench/conversations-1m.ts [--engine sqlite|postgres] [--count N] [--contacts N] [--runs R] [--database-url postgres://…] [--keep]
 *
 * 1. Opens a fresh database (SQLite: a temporary file; PostgreSQL: drops and recreates the database
 *    named by --database-url, default postgres://postgres@127.0.0.1:5432/intercom_bench_conversations),
 *    migrated like the server's, with one workspace (its seeded admins and teams, and 40 more
 *    admins with an inbox seat), 20 tags and --contacts contacts (default 100,000).
 * 2. Bulk-loads N conversations (default 1,000,000) over two years, each with a story played through
 *    the server's state machine (lib/conversations.ts: assignments, replies, notes, closes, reopens,
 *    snoozes), so rows, parts and statistics are what the server would have written; about 10%
 *    carry a tag. Then ANALYZEs, as the server keeps its statistics.
 * 3. Times each request R times (after a warm-up) through the real handler (buildApp +
 *    app.inject): listing pages, searches from selective to broad, and retrieving conversations.
 */
import { parseArgs } from 'node:util';
import { scopeOf } from '../src/core/scope.js';
import { nextIds } from '../src/db/dialect.js';
import { admins } from '../src/resources/admins/store.js';
import { playStory, storyOf, VOCABULARY, type Cast } from './lib/conversations.js';
import { log, scaleWorkspace, timeRuns, timingCells, xorshift, type Timing } from './lib/scale.js';
import { makeContact } from './lib/seed.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    count: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '60' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/intercom_bench_conversations' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = args.engine === 'postgres' ? 'postgres' : 'sqlite';
const COUNT = Number(args.count);
const CONTACTS = Number(args.contacts);
const RUNS = Number(args.runs);
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;
const SPAN = 2 * 365 * DAY;

async function main() {
  const bench = await scaleWorkspace({ engine, databaseUrl: args['database-url']!, tmpPrefix: 'conversation-bench-', keep: args.keep! });
  const { db, call, workspaceId: ws } = bench;
  const random = xorshift(24681357);

  // ----- the cast -------------------------------------------------------------------------------
  // A support team the size such a workspace has: 40 more teammates with an inbox seat, through the
  // admins store (the API cannot add admins).
  await admins(scopeOf(db, ws)).insert(
    Array.from({ length: 40 }, (_, i) => ({
      name: `Agent ${i}`, email: `agent${i}@${ws}.example.com`, job_title: 'Support', away_mode_enabled: 0 as const, away_mode_reassign: 0 as const,
      has_inbox_seat: 1 as const, avatar_url: null, email_verified: 1 as const, created_at: NOW - SPAN,
    })),
  );
  const adminIds = (await db.selectFrom('admins').select('id').where('workspace_id', '=', ws).where('has_inbox_seat', '=', 1).execute()).map((a) => Number(a.id));
  const teamIds = (await db.selectFrom('teams').select('id').where('workspace_id', '=', ws).execute()).map((t) => Number(t.id));
  const tagIds: number[] = [];
  for (let i = 0; i < 20; i++) tagIds.push(Number((await call('POST', '/tags', { name: `topic-${i}` })).id));
  const contactIds: string[] = [];
  for (let start = 0; start < CONTACTS; start += 500) {
    const rows = Array.from({ length: Math.min(500, CONTACTS - start) }, (_, k) => makeContact(ws, start + k, CONTACTS, NOW, random, adminIds));
    await db.insertInto('contacts').values(rows).execute();
    contactIds.push(...rows.map((r) => r.id));
  }
  const cast: Cast = { adminIds, teamIds, contactIds };
  // Statistics before the load, and again once it has begun (below): PostgreSQL plans the foreign
  // key checks of each insert once per connection, and planned against empty tables they scan them,
  // slower with every row loaded (a server's tables are analyzed by autovacuum as they grow).
  await bench.database.analyze();
  log(`${CONTACTS.toLocaleString('en')} contacts, ${adminIds.length} admins with an inbox seat, ${teamIds.length} teams, ${tagIds.length} tags`);

  // ----- bulk load --------------------------------------------------------------------------------
  const PER_BATCH = 250; // conversations per multi-row INSERT (their parts go in batches of their own)
  const PER_TX = 40;
  const started = Date.now();
  let loaded = 0;
  let partCount = 0;
  const sample: { id: number; contactId: string; adminId: number | null; createdAt: number; word: string }[] = [];
  while (loaded < COUNT) {
    await db.transaction().execute(async (trx) => {
      for (let b = 0; b < PER_TX && loaded < COUNT; b++) {
        const n = Math.min(PER_BATCH, COUNT - loaded);
        const played = Array.from({ length: n }, (_, k) => {
          const createdAt = NOW - SPAN + Math.floor(((loaded + k + random()) * SPAN) / COUNT);
          const story = storyOf(random, cast, createdAt, NOW);
          return { story, ...playStory(story) };
        });
        const ids = await nextIds(trx, n * 3); // the conversation, its source, its search key
        const partIds = await nextIds(trx, played.reduce((sum, p) => sum + p.parts.length, 0));
        let nextPart = 0;
        const parts = played.flatMap((p, k) => p.parts.map((part) => ({ ...part, workspace_id: ws, id: partIds[nextPart++], conversation_id: ids[3 * k] })));
        await trx.insertInto('conversations').values(played.map((p, k) => ({ ...p.row, workspace_id: ws, id: ids[3 * k], source_id: ids[3 * k + 1], search_rowid: ids[3 * k + 2] }))).execute();
        await trx.insertInto('conversation_contacts').values(played.map((p, k) => ({ workspace_id: ws, conversation_id: ids[3 * k], contact_id: p.story.contactId, added_at: p.story.createdAt }))).execute();
        for (let start = 0; start < parts.length; start += 1000) await trx.insertInto('conversation_parts').values(parts.slice(start, start + 1000)).execute();
        const tagged = played.flatMap((p, k) => (p.story.tagIndex === null ? [] : [{ workspace_id: ws, conversation_id: ids[3 * k], tag_id: tagIds[p.story.tagIndex % tagIds.length], applied_at: p.story.createdAt, applied_by: p.story.adminId }]));
        if (tagged.length) await trx.insertInto('conversation_tags').values(tagged).execute();
        partCount += parts.length;
        played.forEach((p, k) => {
          if ((loaded + k) % 997 === 0) sample.push({ id: ids[3 * k], contactId: p.story.contactId, adminId: p.row.admin_assignee_id === null ? null : Number(p.row.admin_assignee_id), createdAt: p.story.createdAt, word: p.story.body.split(' ')[0] });
        });
        loaded += n;
      }
    });
    if (loaded === PER_BATCH * PER_TX) await bench.database.analyze();
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`\rloaded ${loaded.toLocaleString('en')} / ${COUNT.toLocaleString('en')} conversations (${partCount.toLocaleString('en')} parts)  ${Math.round(loaded / seconds).toLocaleString('en')}/s   `);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  log(`\nloaded in ${loadSeconds.toFixed(1)} s; analyzing…`);
  await bench.database.analyze();

  // ----- requests ---------------------------------------------------------------------------------
  let turn = 0;
  const next = <T>(list: T[]) => list[(turn++ * 7919) % list.length];
  const search = (query: () => unknown) => async () => (await call('POST', '/conversations/search', { query: query(), pagination: { per_page: 20 } })).total_count as number;
  const firstPage = await call('GET', '/conversations?per_page=20');
  let cursor = firstPage.pages?.next?.starting_after as string | undefined;
  // A cursor fifty pages in: the page after it is as cheap as the first or the cursor is not keyset.
  for (let page = 0; page < 50 && cursor; page++) cursor = (await call('GET', `/conversations?per_page=20&starting_after=${encodeURIComponent(cursor)}`)).pages?.next?.starting_after;
  const deepCursor = cursor!;
  const rareWord = VOCABULARY[2500];
  const requests: { name: string; run: () => Promise<number> }[] = [
    { name: 'GET /conversations (first page of 20)', run: async () => (await call('GET', '/conversations')).total_count },
    { name: 'GET /conversations (150 a page)', run: async () => (await call('GET', '/conversations?per_page=150')).total_count },
    { name: 'GET /conversations (page 51, by cursor)', run: async () => (await call('GET', `/conversations?per_page=20&starting_after=${encodeURIComponent(deepCursor)}`)).total_count },
    { name: 'search: id =', run: search(() => ({ field: 'id', operator: '=', value: String(next(sample).id) })) },
    { name: 'search: contact_ids = (one contact)', run: search(() => ({ field: 'contact_ids', operator: '=', value: next(sample).contactId })) },
    {
      name: 'search: contact AND open',
      run: search(() => ({ operator: 'AND', value: [{ field: 'contact_ids', operator: '=', value: next(sample).contactId }, { field: 'open', operator: '=', value: true }] })),
    },
    {
      // Dates compare by calendar day: after the day before and before the day after is that one day.
      name: 'search: created_at on one day AND state = closed',
      run: search(() => {
        const day = next(sample).createdAt;
        return { operator: 'AND', value: [{ field: 'created_at', operator: '>', value: day - DAY }, { field: 'created_at', operator: '<', value: day + DAY }, { field: 'state', operator: '=', value: 'closed' }] };
      }),
    },
    { name: 'search: tag_ids = (one tag of 20)', run: search(() => ({ field: 'tag_ids', operator: '=', value: String(next(tagIds)) })) },
    {
      name: 'search: admin_assignee_id AND state = snoozed',
      run: search(() => ({ operator: 'AND', value: [{ field: 'admin_assignee_id', operator: '=', value: String(next(adminIds)) }, { field: 'state', operator: '=', value: 'snoozed' }] })),
    },
    { name: 'search: source.body = a rare word', run: search(() => ({ field: 'source.body', operator: '=', value: rareWord })) },
    { name: 'search: state = open (broad)', run: search(() => ({ field: 'state', operator: '=', value: 'open' })) },
    { name: 'GET /conversations/{id}', run: async () => (await call('GET', `/conversations/${next(sample).id}`)).conversation_parts.total_count },
  ];
  const results: string[] = [];
  const timings: Record<string, Timing> = {};
  for (const r of requests) {
    const timing = await timeRuns(RUNS, r.run);
    timings[r.name] = timing;
    const line = timingCells([engine, COUNT, r.name, timing.last], timing);
    results.push(line);
    log(line);
  }
  console.log(`\nengine=${engine} conversations=${COUNT} parts=${partCount} contacts=${CONTACTS} load=${loadSeconds.toFixed(1)}s runs=${RUNS} (through buildApp + app.inject)`);
  console.log('| engine | conversations | request | total_count | p50 ms | p95 ms | p99 ms |');
  console.log('|---|--:|---|--:|--:|--:|--:|');
  for (const line of results) console.log(line);
  await bench.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
