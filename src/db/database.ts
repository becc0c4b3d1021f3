/** Opens the configured database (SQLite file or memory, or PostgreSQL) and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { statementName } from './prepared.js';
import { SQLITE_FOLD_FUNCTION } from './dialect.js';
import type { DatabaseTarget } from '../config.js';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations/index.js';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  engine: Engine;
  /**
   * Gathers the planner's statistics over every table now, as a settled database would have them
   * (SQLite: a full ANALYZE, keeping no STAT4 samples; PostgreSQL: VACUUM ANALYZE). For bulk loads.
   */
  analyze(): Promise<void>;
  /** Routine upkeep, run hourly by a job (src/jobs.ts): SQLite refreshes its planner statistics. */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  // Each engine's driver is loaded only when used: a SQLite server never pays for loading pg.
  const handle: OpenedHandle =
    target.engine === 'sqlite'
      ? openSqlite((await import('better-sqlite3')).default, target.file)
      : openPostgres((await import('pg')).default, target.url);
  try {
    await migrateToLatest(handle.db, handle.engine);
    handle.afterMigrations?.();
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

interface OpenedHandle extends DatabaseHandle {
  /** Engine work that needs the final schema. */
  afterMigrations?(): void;
}

function openSqlite(Sqlite: typeof SqliteDatabase, file: string): OpenedHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Sqlite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode against process crashes; FULL adds an fsync per commit for power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Up to 64 MiB of pages kept in the process (SQLite's default is 2 MiB). Past a few hundred
  // thousand rows, searches and sorts that visit rows by id reread the same pages through the OS
  // on every request; held here they cost a third as much (bench/findings.md). Memory is taken
  // only as pages are read.
  sqlite.pragma('cache_size = -65536');
  sqlite.function(SQLITE_FOLD_FUNCTION.name, { deterministic: true }, SQLITE_FOLD_FUNCTION.fold);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    engine: 'sqlite',
    analyze: async () => refreshStatistics(sqlite, 'full'),
    // SQLite's advice for long-lived connections: `PRAGMA optimize` at open, then periodically.
    afterMigrations: () => refreshStatistics(sqlite),
    // Runs inside the maintenance job's transaction (ANALYZE is transactional in SQLite).
    maintain: async () => refreshStatistics(sqlite),
    close: () => db.destroy(),
  };
}

/**
 * Planner statistics, kept by the server itself (a user never has to run ANALYZE). `PRAGMA optimize`
 * analyses the tables that were never analysed or have grown or shrunk tenfold since, so it
 * rarely does anything; when it does, it reads them whole. Sampling with `analysis_limit` was tried
 * and dropped: it caps the rows counted per index prefix, so the planner believed a workspace held
 * 1,000 contacts and walked an index where a scan was right (figures: bench/findings.md).
 *
 * Only `sqlite_stat1` (rows per index prefix) is kept: better-sqlite3 is built with STAT4, and while
 * `sqlite_stat4` holds samples, SQLite re-plans a statement whenever a newly bound value might change
 * its plan. Every query here binds `workspace_id` on the leading column of an index, so every
 * execution was re-planned, costing many times the query itself (bench/findings.md).
 */
function refreshStatistics(sqlite: SqliteDatabase.Database, how: 'optimize' | 'full' = 'optimize'): void {
  if (how === 'full') sqlite.exec('ANALYZE');
  else sqlite.pragma('optimize = 0x10002');
  const samples = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get();
  if (samples) {
    sqlite.exec('DELETE FROM sqlite_stat4');
    // Makes the planner reload the statistics tables now.
    sqlite.exec('ANALYZE sqlite_schema');
  }
}


const STATEMENT_CACHE_SIZE = 500;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/** What Kysely's SQLite driver uses of a statement. */
interface DriverStatement {
  readonly reader: boolean;
  readonly busy: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): SqliteDatabase.RunResult;
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing costs more than running a
 * primary-key lookup. The same SQL text always gets the same statement here (Kysely binds values
 * as parameters, so texts repeat); a statement busy in an `iterate()` is never handed out twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, DriverStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): DriverStatement {
      // A schema change (migrations) may change what a cached `SELECT *` returns: start afresh.
      if (SCHEMA_CHANGE.test(text)) {
        cache.clear();
        return sqlite.prepare(text) as unknown as DriverStatement;
      }
      const cached = cache.get(text);
      if (cached && !cached.busy) return cached;
      if (cached) return sqlite.prepare(text) as unknown as DriverStatement;
      const statement = withRowBuilder(sqlite.prepare(text));
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
      return statement;
    },
  };
}

/**
 * better-sqlite3 builds each row object key by key, which for a wide row (a contact has 55
 * columns) costs more than SQLite's own work. A cached reader instead fetches rows as arrays and
 * turns them into objects with a function compiled once per statement from its column names: the
 * same objects (same keys, same order, last duplicate name wins), for less (bench/findings.md).
 */
function withRowBuilder(statement: SqliteDatabase.Statement): DriverStatement {
  if (!statement.reader) return statement as unknown as DriverStatement;
  const names = statement.columns().map((c) => c.name);
  // `__proto__` in an object literal would set the prototype: such a statement keeps plain rows.
  if (names.includes('__proto__')) return statement as unknown as DriverStatement;
  const build = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (row: unknown[]) => unknown;
  const raw = statement.raw(true);
  // Belt and braces: rows of another width than the statement was compiled for get plain objects.
  const toObject = (row: unknown[]) => (row.length === names.length ? build(row) : plainObject(raw, row));
  return {
    reader: true,
    get busy() {
      return raw.busy;
    },
    all: (parameters) => (raw.all(parameters) as unknown[][]).map(toObject),
    run: (parameters) => raw.run(parameters),
    *iterate(parameters) {
      for (const row of raw.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(row);
    },
  };
}

function plainObject(statement: SqliteDatabase.Statement, row: unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  statement.columns().forEach((c, i) => Object.defineProperty(object, c.name, { value: row[i], enumerable: true, writable: true, configurable: true }));
  return object;
}

function openPostgres(postgres: typeof pg, url: string): DatabaseHandle {
  // PostgreSQL returns int8 and numeric as strings; every such value we store fits a JS number.
  postgres.types.setTypeParser(postgres.types.builtins.INT8, (value: string) => Number(value));
  postgres.types.setTypeParser(postgres.types.builtins.NUMERIC, (value: string) => Number(value));
  const pool = new postgres.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  return {
    db,
    engine: 'postgres',
    analyze: async () => {
      await sql`VACUUM ANALYZE`.execute(db);
    },
    // PostgreSQL's autovacuum keeps its statistics.
    maintain: async () => undefined,
    close: () => db.destroy(),
  };
}

/**
 * The pool as Kysely sees it, with one difference: SQL registered by `preparedQuery` runs as a
 * named statement, which each connection parses and plans once and then only executes. PostgreSQL
 * otherwise plans every query afresh, which for a contact read with its sub-lists cost more than
 * running it (bench/findings.md). (Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or
 * later with `max_prepared_statements` set.)
 */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    // Texts whose named statement this connection can no longer run (see below): they run unnamed.
    const stale = new Set<string>();
    const plain = client.query.bind(client) as (...args: unknown[]) => unknown;
    const named = async (name: string, text: string, values: readonly unknown[] | undefined) => {
      try {
        return await client.query({ name, text, values: values as unknown[] });
      } catch (error) {
        // Another process migrated the schema under this connection's plan ("cached plan must
        // not change result type"): answer correctly, unnamed, from now on.
        if ((error as { code?: string }).code !== '0A000') throw error;
        stale.add(text);
        return plain(text, values);
      }
    };
    return {
      query: ((text: unknown, values?: readonly unknown[]) => {
        const name = typeof text === 'string' && !stale.has(text) ? statementName(text) : undefined;
        // Anything else passes through as is (a cursor, for one, is returned synchronously).
        return name ? named(name, text as string, values) : plain(text, values);
      }) as PostgresPoolClient['query'],
      release: () => client.release(),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}
