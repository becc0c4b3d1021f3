/**
 * Runs a compiled search: filters, sorts (stable: ties broken by id), pages by cursor and counts.
 * Generic over the resource: the search definition (define.ts) supplies a base query (table +
 * workspace scoping + any always-on conditions such as "not archived"), the id column and its kind.
 */
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Engine } from '../db/database.js';
import { binaryText, hasJsonContainmentIndex } from '../db/dialect.js';
import { badRequest } from '../errors.js';
import { cursorPage, decodeCursor, perPage, sqlLimit, type CursorPages } from '../http/pagination.js';
import type { CompileContext, QueryNode, SortSpec } from './types.js';

/**
 * Up to `sortMatchesBelow` matches, the page is sorted from the matches rather than read in index
 * order. Mutable only so tests can exercise both plans on small data.
 */
export const searchTuning = { sortMatchesBelow: 20_000 };

export interface SearchPage<Row> {
  rows: Row[];
  totalCount: number;
  pages: CursorPages;
}

/**
 * Whether an index can find the query's matches without reading the whole workspace: a positive
 * filter on an indexed field, an AND with at least one such part, or an OR made only of such parts.
 */
export function indexDriven(node: QueryNode, engine: Engine): boolean {
  if (node.kind === 'group') {
    const parts = node.children.map((child) => indexDriven(child, engine));
    return node.operator === 'AND' ? parts.some(Boolean) : parts.every(Boolean);
  }
  if (node.value === null) return false;
  if (node.field.kind === 'column' && node.field.containment) {
    // Custom numbers/booleans: PostgreSQL's JSON containment index serves = and IN.
    if (!hasJsonContainmentIndex(engine)) return false;
    return (node.operator === '=' && typeof node.value !== 'object') || (node.operator === 'IN' && Array.isArray(node.value) && node.value.length > 0);
  }
  if (!node.field.indexed) return false;
  return ['=', 'IN', '<', '>', '<=', '>='].includes(node.operator);
}

export interface RunOptions {
  ctx: CompileContext;
  /**
   * The same rows as the base query, written for counting them (every match is read): defaults to
   * the base. Lets a resource keep an unselective condition from steering the count onto an index.
   */
  countBase?: SelectQueryBuilder<any, any, unknown>;
  /** The parsed query (its shape picks the page plan); `where` is its compiled form. */
  query: QueryNode;
  where: RawBuilder<SqlBool>;
  sort: SortSpec;
  idColumn: RawBuilder<unknown>;
  /** How ids travel in cursors: 24-hex strings, or numbers (numeric-string ids stored as integers). */
  idKind: IdKind;
  pagination: unknown;
  defaultPerPage: number;
}

/**
 * Order: rows with a value first, in the requested direction, then rows without one (NULLs last in
 * both directions, on both engines), then id in the same direction. The cursor holds
 * [hasValue, value, id] of the last row shown.
 */
export type IdKind = 'string' | 'numeric';

const isIdOfKind = (id: unknown, kind: IdKind) => (kind === 'numeric' ? Number.isSafeInteger(id) : typeof id === 'string');

export async function runSearch<Row extends { id: string | number }>(
  base: SelectQueryBuilder<any, any, Row>,
  options: RunOptions,
): Promise<SearchPage<Row>> {
  const { ctx, sort, idColumn } = options;
  const paging = (options.pagination ?? {}) as Record<string, unknown>;
  if (typeof paging !== 'object' || Array.isArray(paging)) throw badRequest('pagination must be an object', 'parameter_invalid', 'pagination');
  const limit = perPage(paging.per_page, options.defaultPerPage);
  const cursor = decodeCursor(paging.starting_after);

  const raw = sort.field.expr(ctx);
  const isText = sort.field.type === 'string';
  const key = isText ? binaryText(ctx.engine, raw) : raw;
  const dir = sql.raw(sort.direction);
  const cmp = sql.raw(sort.direction === 'asc' ? '>' : '<');

  let where = options.where;
  if (cursor) {
    const [hasValue, value, id] = cursor.key;
    if ((hasValue !== 0 && hasValue !== 1) || !isIdOfKind(id, options.idKind) || (hasValue === 1 && typeof value !== (isText ? 'string' : 'number'))) {
      throw badRequest('starting_after is not a valid pagination cursor for this sort', 'parameter_invalid', 'starting_after');
    }
    let after: RawBuilder<SqlBool>;
    if (sort.field.notNull) {
      if (hasValue !== 1) throw badRequest('starting_after is not a valid pagination cursor for this sort', 'parameter_invalid', 'starting_after');
      after = sql<SqlBool>`(${key} ${cmp} ${value} OR (${key} = ${value} AND ${idColumn} ${cmp} ${id}))`;
    } else {
      after =
        hasValue === 1
          ? sql<SqlBool>`((${raw} IS NOT NULL AND (${key} ${cmp} ${value} OR (${key} = ${value} AND ${idColumn} ${cmp} ${id}))) OR ${raw} IS NULL)`
          : sql<SqlBool>`(${raw} IS NULL AND ${idColumn} ${cmp} ${id})`;
    }
    where = sql<SqlBool>`(${where} AND ${after})`;
  }

  // The count comes first: with the query's shape it picks the plan for the page.
  // - Few matches found through an index (a tag, a domain, a date window): sort the matches
  //   themselves; the sort key is wrapped so no index can supply the order. Left alone, planners
  //   walk the sort index hoping to meet a page of matches early (LIMIT optimism) and read most of
  //   the workspace, several times slower than sorting the matches (bench/findings.md).
  // - Otherwise (many matches, or filters no index serves, e.g. custom attributes alone): walk the
  //   sort index and stop after a page; re-running a full scan to sort would double its cost.
  const countFrom = options.countBase ?? base.clearSelect();
  const countRow = (await countFrom.select(sql<number>`count(*)`.as('n')).where(options.where).executeTakeFirst()) as { n: number } | undefined;
  const totalCount = Number(countRow?.n ?? 0);
  const sortMatches = totalCount <= searchTuning.sortMatchesBelow && indexDriven(options.query, ctx.engine);
  const orderKey = sortMatches ? (isText ? sql`(${key} || '')` : sql`(${key} + 0)`) : key;

  // Two phases: order and limit over (id, sort key) only, so the sorter never carries whole rows,
  // then fetch the page's rows by id.
  let page = base.clearSelect().select([sql<string | number>`${idColumn}`.as('id'), sql<unknown>`${raw}`.as('__sort')]).where(where);
  // NULLs last in both directions; a NOT NULL sort key skips that term so an index can give the order.
  if (!sort.field.notNull) page = page.orderBy(sql`(CASE WHEN ${raw} IS NULL THEN 1 ELSE 0 END)`);
  page = page.orderBy(sql`${orderKey} ${dir}`).orderBy(sql`${idColumn} ${dir}`).limit(sqlLimit(limit + 1));
  const keys = totalCount === 0 ? [] : ((await page.execute()) as { id: string | number; __sort: unknown }[]);
  const fetched = keys.length === 0 ? [] : ((await base.where(sql<SqlBool>`${idColumn} IN (${sql.join(keys.map((k) => k.id))})`).execute()) as Row[]);
  const byId = new Map(fetched.map((row) => [row.id, row]));
  const rows = keys.filter((k) => byId.has(k.id)).map((k) => ({ ...byId.get(k.id)!, __sort: k.__sort }));
  const { items, pages } = cursorPage(rows, {
    perPage: limit,
    page: cursor?.page ?? 1,
    totalCount,
    keyOf: (r) => (r.__sort === null || r.__sort === undefined ? [0, 0, r.id] : [1, r.__sort as string | number, r.id]),
  });
  return { rows: items.map(({ __sort, ...row }) => row as unknown as Row), totalCount, pages };
}
