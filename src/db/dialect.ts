/**
 * Everything that differs between SQLite and PostgreSQL lives here, and nowhere else.
 */
import { PostgresAdapter, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Engine } from './database.js';

/**
 * Numeric Intercom ids (admins, teams, tags, notes, conversations…) come from one sequence shared by
 * every kind and workspace, so an id never names two things. PostgreSQL uses a real sequence
 * (no row lock held by open transactions); SQLite, which has one writer anyway, a counter row.
 */
export const ID_SEQUENCE_START = 1_000_001;

export async function createIdSequence(db: Db): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`CREATE SEQUENCE IF NOT EXISTS intercom_ids START ${sql.lit(ID_SEQUENCE_START)}`.execute(db);
  } else {
    await db.schema
      .createTable('id_counter')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await db
      .insertInto('id_counter')
      .values({ name: 'intercom_ids', value: ID_SEQUENCE_START - 1 })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Reserves `count` consecutive-or-not fresh ids and returns them. */
export async function nextIds(db: Db, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (engineOf(db) === 'postgres') {
    const { rows } = await sql<{ id: number }>`SELECT nextval('intercom_ids') AS id FROM generate_series(1, ${count})`.execute(db);
    return rows.map((r) => Number(r.id));
  }
  const row = await db
    .updateTable('id_counter')
    .set((eb) => ({ value: eb('value', '+', count) }))
    .where('name', '=', 'intercom_ids')
    .returning('value')
    .executeTakeFirstOrThrow();
  const last = Number(row.value);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

export async function nextId(db: Db): Promise<number> {
  return (await nextIds(db, 1))[0];
}

/**
 * Serialises writers of one workspace-wide invariant (e.g. "no two contacts share an email") until
 * the transaction ends. PostgreSQL takes a transaction-scoped advisory lock on the key; SQLite
 * needs nothing (one writer at a time, and a transaction runs on the single connection).
 */
export async function lockKey(db: Db, key: string): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}

/** `FOR UPDATE SKIP LOCKED` where the engine has row locks (PostgreSQL); nothing on SQLite (one writer). */
export function skipLocked(engine: Engine): RawBuilder<unknown> {
  return engine === 'postgres' ? sql`for update skip locked` : sql``;
}

/** Which engine a Kysely instance (or a transaction of one) talks to. */
export function engineOf(db: Db): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

// ---------------------------------------------------------------------------------------------
// Search (src/search): expressions whose SQL differs between the engines. Every function returns
// an expression that gives the same result on both, for the same stored data.
// ---------------------------------------------------------------------------------------------

/**
 * Case-insensitive text, one folding rule on both engines: Unicode lower-casing as JavaScript's
 * `toLowerCase()` does it (`foldCase`), so "Émile" and "émile" are one email and one tag name
 * everywhere, and a value folded in JavaScript compares equal to the column folded in SQL.
 * SQLite's own lower() folds A–Z only, so SQLite uses `intercom_fold`, a deterministic function the
 * server registers on every connection (database.ts); PostgreSQL uses lower() under ICU's root
 * collation, which applies the same Unicode mapping whatever the database's locale. Indexes on these
 * expressions are created with `ciIndexSql`.
 */
export const foldCase = (value: string) => value.toLowerCase();

export function ciText(engine: Engine, expr: RawBuilder<unknown>): RawBuilder<string> {
  return engine === 'postgres' ? sql<string>`lower((${expr}) COLLATE "und-x-icu")` : sql<string>`intercom_fold(${expr})`;
}

/** The index expression matching `ciText` for a plain column (for migrations). */
export function ciIndexSql(engine: Engine, column: string): string {
  return engine === 'postgres' ? `lower((${column}) COLLATE "und-x-icu")` : `intercom_fold(${column})`;
}

/** The SQLite function behind `ciText` (registered by database.ts on every connection). */
export const SQLITE_FOLD_FUNCTION = { name: 'intercom_fold', fold: (value: unknown) => (typeof value === 'string' ? foldCase(value) : value) };

/** Text ordered by code point on both engines (SQLite's BINARY order; PostgreSQL's "C"). */
export function binaryText(engine: Engine, expr: RawBuilder<unknown>): RawBuilder<unknown> {
  return engine === 'postgres' ? sql`(${expr}) COLLATE "C"` : expr;
}

/** `haystack` contains `needle` (case as given). */
export function containsText(engine: Engine, haystack: RawBuilder<unknown>, needle: string): RawBuilder<SqlBool> {
  return engine === 'postgres' ? sql<SqlBool>`strpos(${haystack}, ${needle}) > 0` : sql<SqlBool>`instr(${haystack}, ${needle}) > 0`;
}

/** `text` starts with `prefix` (non-empty). Lengths count characters on both engines. */
export function startsWithText(engine: Engine, text: RawBuilder<unknown>, prefix: string): RawBuilder<SqlBool> {
  const n = [...prefix].length;
  return engine === 'postgres'
    ? sql<SqlBool>`left(${text}, ${sql.lit(n)}) = ${prefix}`
    : sql<SqlBool>`substr(${text}, 1, ${sql.lit(n)}) = ${prefix}`;
}

/** `text` ends with `suffix` (non-empty). */
export function endsWithText(engine: Engine, text: RawBuilder<unknown>, suffix: string): RawBuilder<SqlBool> {
  const n = [...suffix].length;
  return engine === 'postgres'
    ? sql<SqlBool>`right(${text}, ${sql.lit(n)}) = ${suffix}`
    : sql<SqlBool>`substr(${text}, ${sql.lit(-n)}) = ${suffix}`;
}

export type JsonValueType = 'string' | 'number' | 'boolean';

/**
 * One key of a JSON-object text column, typed: the value when it has that JSON type, else NULL
 * (so a string stored where a number is expected never matches, on either engine). Booleans come
 * back as 1/0, like the boolean columns.
 */
export function jsonValue(engine: Engine, column: RawBuilder<unknown>, key: string, type: JsonValueType): RawBuilder<unknown> {
  if (engine === 'postgres') {
    const node = sql`((${column})::jsonb -> ${key})`;
    if (type === 'string') return sql`(CASE WHEN jsonb_typeof(${node}) = 'string' THEN (${column})::jsonb ->> ${key} END)`;
    if (type === 'number') return sql`(CASE WHEN jsonb_typeof(${node}) = 'number' THEN ((${column})::jsonb ->> ${key})::float8 END)`;
    return sql`(CASE WHEN jsonb_typeof(${node}) = 'boolean' THEN (CASE WHEN ${node} = 'true'::jsonb THEN 1 ELSE 0 END) END)`;
  }
  const path = `$."${key.replace(/["\\]/g, '')}"`;
  if (type === 'string') return sql`(CASE WHEN json_type(${column}, ${path}) = 'text' THEN json_extract(${column}, ${path}) END)`;
  if (type === 'number') return sql`(CASE WHEN json_type(${column}, ${path}) IN ('integer', 'real') THEN json_extract(${column}, ${path}) END)`;
  return sql`(CASE json_type(${column}, ${path}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)`;
}

/** Whether the engine has an index serving `jsonContains` (PostgreSQL's GIN index on custom attributes). */
export const hasJsonContainmentIndex = (engine: Engine) => engine === 'postgres';

/**
 * PostgreSQL only: `column`'s JSON object has `key` equal to `value` (numbers compare by value), as
 * JSON containment, which the GIN index `contacts_search_custom` serves. Undefined on SQLite, which
 * has no such index. Used only as an extra necessary condition next to the exact typed comparison.
 */
export function jsonContains(engine: Engine, column: RawBuilder<unknown>, key: string, value: number | boolean): RawBuilder<SqlBool> | undefined {
  if (engine !== 'postgres') return undefined;
  return sql<SqlBool>`((${column})::jsonb @> ${JSON.stringify({ [key]: value })}::jsonb)`;
}

// ---------------------------------------------------------------------------------------------
// Sub-lists gathered by the statement that reads their parent row.
// ---------------------------------------------------------------------------------------------

/**
 * An aggregate giving the JSON array of `value` over its rows, in `orderBy` order, and `[]` when
 * there are none. Read the column back with `jsonArrayColumn`.
 */
export function jsonArrayAgg(engine: Engine, value: RawBuilder<unknown>, orderBy: RawBuilder<unknown>): RawBuilder<unknown> {
  return engine === 'postgres'
    ? sql`coalesce(json_agg(${value} ORDER BY ${orderBy}), '[]'::json)`
    : sql`json_group_array(${value} ORDER BY ${orderBy})`;
}

/** A `jsonArrayAgg` column as read: PostgreSQL's driver parses JSON, SQLite returns its text. */
export function jsonArrayColumn(value: unknown): unknown[] {
  if (typeof value === 'string') return JSON.parse(value) as unknown[];
  return Array.isArray(value) ? value : [];
}

/**
 * `column` written so that SQLite's planner cannot choose an index for a condition on it (unary
 * `+`, SQLite's documented way). Without STAT4 samples (see `refreshStatistics`) SQLite knows how
 * many rows an indexed value holds on average, not that one value holds nearly all of them: for
 * `archived = 0` it walked an index over 99% of a workspace, one random row read per contact
 * (a count over a large workspace took several times a scan: bench/findings.md). PostgreSQL keeps value
 * frequencies and gets the column itself.
 */
export function notIndexed(engine: Engine, column: RawBuilder<unknown>): RawBuilder<unknown> {
  return engine === 'sqlite' ? sql`+${column}` : column;
}

/** The column type for binary data: PostgreSQL's `bytea`, SQLite's `blob`. */
export const binaryType = (db: Db): 'bytea' | 'blob' => (engineOf(db) === 'postgres' ? 'bytea' : 'blob');
