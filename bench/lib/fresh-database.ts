/** A fresh, empty database for a scale script (bench/search-1m.ts, bench/article-search.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * PostgreSQL: drops and recreates the database `databaseUrl` names. SQLite: a file in a new
 * temporary folder, removed by `cleanup` unless `keep` (then its URL is logged).
 */
export async function freshDatabase(options: {
  engine: 'sqlite' | 'postgres';
  databaseUrl: string;
  tmpPrefix: string;
  keep: boolean;
  log: (line: string) => void;
}): Promise<{ url: string; cleanup: () => void }> {
  if (options.engine === 'postgres') {
    const target = new URL(options.databaseUrl);
    const name = target.pathname.slice(1);
    const admin = new pg.Client({ connectionString: Object.assign(new URL(target), { pathname: '/postgres' }).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return { url: target.toString(), cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  return { url, cleanup: () => (options.keep ? options.log(`kept ${url}`) : rmSync(dir, { recursive: true, force: true })) };
}
