/**
 * Article search at scale. Not a test: a script.
 *
 *   npx tsx bench/article-search.ts [--engine sqlite|postgres] [--count N] [--runs R] [--database-url postgres://…] [--keep]
 *
 * 1. Opens a fresh database (SQLite: a temporary file; PostgreSQL: drops and recreates the database
 *    named by --database-url, default postgres://postgres@127.0.0.1:5432/intercom_bench_articles),
 *    migrated like the server's, with one workspace.
 * 2. Bulk-loads N articles (default 100,000), each with an English content and every fifth with a
 *    French one too, straight into the tables (the searchable words computed by the server's own
 *    text module; on SQLite the FTS5 triggers fill the index), then ANALYZEs.
 * 3. Runs each search R times (after a warm-up) through the real handler (buildApp + app.inject) and
 *    prints p50/p95/p99 in ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { openDatabase } from '../src/db/database.js';
import type { ArticleContentsTable, ArticlesTable } from '../src/db/schema.js';
import { htmlText, searchText } from '../src/resources/articles/text.js';
import { createWorkspace } from '../src/workspaces/store.js';
import { issueToken } from '../src/workspaces/tokens.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '40' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/intercom_bench_articles' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = args.engine === 'postgres' ? 'postgres' : 'sqlite';
const COUNT = Number(args.count);
const RUNS = Number(args.runs);
const log = (line: string) => process.stderr.write(line + '\n');

// Deterministic data: the same articles every run.
let seed = 987654321;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};

// A vocabulary of 5,000 made-up words drawn with a Zipf-like skew: a few words are in most
// articles, most words in few, as in real prose.
const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'sul', 'dro', 'pe', 'nix', 'ra', 'bo', 'che', 'fu', 'gar', 'hi', 'jon'];
const VOCABULARY = Array.from({ length: 5000 }, (_, i) => {
  let word = '';
  for (let n = i + 7; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});
const word = () => VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(Math.pow(rand(), 3) * VOCABULARY.length))];
const sentence = (n: number) => Array.from({ length: n }, word).join(' ');
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;

async function main() {
  let url: string;
  let cleanup = () => {};
  if (engine === 'postgres') {
    const target = new URL(args['database-url']!);
    const name = target.pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(target), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url = target.toString();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'article-bench-'));
    url = `sqlite:${join(dir, 'bench.sqlite')}`;
    cleanup = () => (args.keep ? log(`kept ${url}`) : rmSync(dir, { recursive: true, force: true }));
  }
  const config = loadConfig([], { DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config.database);
  const db = database.db;
  const app = await buildApp({ config, database });
  const { workspace, ownerAdminId } = await createWorkspace(db, systemClock, { name: 'Bench', region: 'US', timezone: 'UTC' });
  const { token } = await issueToken(db, { workspaceId: workspace.id_code, adminId: ownerAdminId, now: NOW });
  const call = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (res.statusCode !== 200) throw new Error(`GET ${path} → ${res.statusCode} ${res.body}`);
    return res.json();
  };

  // ----- bulk load ------------------------------------------------------------------------------
  const ws = workspace.id_code;
  const BATCH = 500; // rows per INSERT (under both engines' parameter limits)
  const PER_TX = 20;
  const started = Date.now();
  let loaded = 0;
  let rowid = 50_000_000;
  while (loaded < COUNT) {
    await db.transaction().execute(async (trx) => {
      for (let b = 0; b < PER_TX && loaded < COUNT; b++) {
        const articles: ArticlesTable[] = [];
        const contents: ArticleContentsTable[] = [];
        for (let k = 0; k < BATCH && loaded < COUNT; k++, loaded++) {
          const id = 10_000_000 + loaded;
          const updated = NOW - Math.floor(rand() * 2 * 365 * DAY);
          articles.push({ workspace_id: ws, id, parent_id: null, default_locale: 'en', created_at: updated, updated_at: updated });
          for (const locale of loaded % 5 === 0 ? ['en', 'fr'] : ['en']) {
            const title = sentence(3 + Math.floor(rand() * 6));
            const body = Array.from({ length: 3 + Math.floor(rand() * 5) }, () => `<p class="no-margin">${sentence(15 + Math.floor(rand() * 25))}.</p>`).join('');
            contents.push({
              workspace_id: ws, article_id: id, locale, title, description: '', body, author_id: ownerAdminId,
              state: rand() < 0.7 ? 'published' : 'draft', created_at: updated, updated_at: updated,
              search_rowid: rowid++, search_title: searchText(title), search_body: searchText(htmlText(body)),
            });
          }
        }
        await trx.insertInto('articles').values(articles).execute();
        await trx.insertInto('article_contents').values(contents).execute();
      }
    });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`\rloaded ${loaded.toLocaleString('en')} / ${COUNT.toLocaleString('en')} articles  ${Math.round(loaded / seconds).toLocaleString('en')}/s   `);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  log(`\nloaded in ${loadSeconds.toFixed(1)} s; analyzing…`);
  await database.analyze();

  // ----- queries ----------------------------------------------------------------------------------
  const common = VOCABULARY[0];
  const mid = VOCABULARY[300];
  const rare = VOCABULARY[4000];
  const queries: { name: string; query: string }[] = [
    { name: `rare word`, query: `phrase=${rare}` },
    { name: `mid-frequency word`, query: `phrase=${mid}` },
    { name: `two words (common AND mid)`, query: `phrase=${common}%20${mid}` },
    { name: `two words, published only, highlighted`, query: `phrase=${common}%20${mid}&state=published&highlight=true` },
    { name: `common word (in most articles)`, query: `phrase=${common}` },
    { name: `no match`, query: `phrase=zzzzqqq` },
    { name: `no phrase (every article, newest first)`, query: `` },
  ];
  const results: string[] = [];
  for (const q of queries) {
    const times: number[] = [];
    let total = 0;
    for (let r = 0; r < RUNS + 5; r++) {
      const t0 = process.hrtime.bigint();
      const body = await call(`/articles/search?${q.query}`);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      total = body.total_count;
      if (r >= 5) times.push(ms); // first 5: warm-up
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
    const line = `| ${engine} | ${COUNT.toLocaleString('en')} | ${q.name} | ${total.toLocaleString('en')} | ${pct(50)} | ${pct(95)} | ${pct(99)} |`;
    results.push(line);
    log(line);
  }
  console.log(`\nengine=${engine} articles=${COUNT} load=${loadSeconds.toFixed(1)}s runs=${RUNS} (through buildApp + app.inject)`);
  console.log('| engine | articles | search | matches | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const line of results) console.log(line);

  await app.close();
  await database.close();
  cleanup();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
