/**
 * Everything that differs between SQLite and PostgreSQL lives here, and nowhere else.
 */
import { PostgresAdapter, sql, type AliasedRawBuilder, type RawBuilder, type SqlBool } from 'kysely';
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

// ---------------------------------------------------------------------------------------------
// Full-text search over words the server has already folded and split (see migration 0014): both
// engines index exactly the words they are given, so both find the same rows.
// ---------------------------------------------------------------------------------------------

/** The one-word token that stands for a workspace in an FTS5 table's `ws` column (letters and digits only). */
export const workspaceToken = (workspaceId: string) => 'w' + Buffer.from(workspaceId, 'utf8').toString('hex');

export interface FullTextTarget {
  /** PostgreSQL: the row's tsvector of its words. */
  vector: RawBuilder<unknown>;
  /** SQLite: the FTS5 table, its text columns, and the workspace whose rows may match. */
  ftsTable: string;
  ftsColumns: string[];
  workspaceId: string;
}

/**
 * Rows holding every one of `words` (non-empty, each folded and made of letters and digits only,
 * so none needs escaping in either query language). PostgreSQL: a condition on the row's vector.
 * SQLite: the FTS5 rows that match, as a table `alias` with one column `rowid` for the caller to
 * join its rows on (joined, SQLite reads each match once; as `IN (…)` it took six times longer).
 */
export function fullTextMatch(
  engine: Engine,
  target: FullTextTarget,
  words: string[],
  alias: string,
): { condition: RawBuilder<SqlBool>; rows?: undefined } | { rows: AliasedRawBuilder<{ rowid: number }, string>; condition?: undefined } {
  if (engine === 'postgres') {
    const query = words.map((w) => `'${w}'`).join(' & ');
    return { condition: sql<SqlBool>`(${target.vector} @@ ${query}::tsquery)` };
  }
  const match = `ws : "${workspaceToken(target.workspaceId)}" AND {${target.ftsColumns.join(' ')}} : (${words.map((w) => `"${w}"`).join(' AND ')})`;
  const table = sql.table(target.ftsTable);
  return { rows: sql<{ rowid: number }>`(SELECT rowid FROM ${table} WHERE ${table} MATCH ${match})`.as(alias) };
}
// The catalogue: which tables and columns exist (the developer controls walk every table of a
// workspace generically, so tables added later are covered without being named).
// ---------------------------------------------------------------------------------------------

export interface CatalogColumn {
  table: string;
  column: string;
  /** 1-based position in the primary key; 0 when not part of it. */
  pkPosition: number;
}

export interface CatalogForeignKey {
  table: string;
  references: string;
}

/** The schema's user tables as the engine's own catalogue describes them (columns in table order). */
export async function readCatalog(db: Db): Promise<{ columns: CatalogColumn[]; foreignKeys: CatalogForeignKey[] }> {
  if (engineOf(db) === 'postgres') {
    const columns = await sql<CatalogColumn>`
      SELECT c.table_name AS "table", c.column_name AS "column",
             coalesce((SELECT k.ordinal_position FROM information_schema.table_constraints t
                       JOIN information_schema.key_column_usage k
                         ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
                       WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema
                         AND t.table_name = c.table_name AND k.column_name = c.column_name), 0) AS "pkPosition"
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      -- Generated columns (an article's search_vector) follow from the others: never read or written
      -- as data. SQLite's pragma_table_info leaves them out already.
      WHERE c.table_schema = current_schema() AND c.is_generated = 'NEVER'
      ORDER BY c.table_name, c.ordinal_position`.execute(db);
    const foreignKeys = await sql<CatalogForeignKey>`
      SELECT c.relname AS "table", r.relname AS "references"
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_class r ON r.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`.execute(db);
    return { columns: columns.rows.map((c) => ({ ...c, pkPosition: Number(c.pkPosition) })), foreignKeys: foreignKeys.rows };
  }
  const columns = await sql<CatalogColumn>`
    SELECT m.name AS "table", p.name AS "column", p.pk AS "pkPosition"
    FROM sqlite_schema m, pragma_table_info(m.name) p
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
    ORDER BY m.name, p.cid`.execute(db);
  const foreignKeys = await sql<CatalogForeignKey>`
    SELECT DISTINCT m.name AS "table", f."table" AS "references"
    FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`.execute(db);
  return { columns: columns.rows.map((c) => ({ ...c, pkPosition: Number(c.pkPosition) })), foreignKeys: foreignKeys.rows };
}

/**
 * Moves the id sequence past `id`, so ids brought in from elsewhere (a restored snapshot, made on
 * another database) are never handed out again. Never moves it back.
 */
export async function advanceIdSequence(db: Db, id: number): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await sql`SELECT setval('intercom_ids', greatest(${id}::bigint, (SELECT last_value FROM intercom_ids)))`.execute(db);
    return;
  }
  await db.updateTable('id_counter').set({ value: sql`max(value, ${id})` }).where('name', '=', 'intercom_ids').execute();
}

/**
 * Whether a long read transaction can stay open while other requests write (PostgreSQL, by MVCC,
 * on another pooled connection). SQLite here has one connection: a transaction held open holds
 * every other request back, so long reads must finish before they hand out what they read.
 */
export const readsBesideWriters = (engine: Engine): boolean => engine === 'postgres';
/** The column type for binary data: PostgreSQL's `bytea`, SQLite's `blob`. */
export const binaryType = (db: Db): 'bytea' | 'blob' => (engineOf(db) === 'postgres' ? 'bytea' : 'blob');
