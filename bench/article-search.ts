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
import { parseArgs } from 'node:util';
import type { ArticleContentsTable, ArticlesTable } from '../src/db/schema.js';
import { htmlText, searchText } from '../src/resources/articles/text.js';
import { log, scaleWorkspace, timeRuns, timingCells, xorshift } from './lib/scale.js';

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

// Deterministic data: the same articles every run.
const rand = xorshift(987654321);

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
  const bench = await scaleWorkspace({ engine, databaseUrl: args['database-url']!, tmpPrefix: 'article-bench-', keep: args.keep! });
  const { db, database, ownerAdminId } = bench;
  const call = (path: string) => bench.call('GET', path);

  // ----- bulk load ------------------------------------------------------------------------------
  const ws = bench.workspaceId;
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
    const timing = await timeRuns(RUNS, async () => (await call(`/articles/search?${q.query}`)).total_count);
    const line = timingCells([engine, COUNT, q.name, timing.last], timing);
    results.push(line);
    log(line);
  }
  console.log(`\nengine=${engine} articles=${COUNT} load=${loadSeconds.toFixed(1)}s runs=${RUNS} (through buildApp + app.inject)`);
  console.log('| engine | articles | search | matches | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const line of results) console.log(line);

  await bench.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
