/**
 * The one search definition. A resource that Intercom lets clients search (contacts; conversations
 * and tickets later) declares what differs — its field map, the rows a search may return, its id
 * kind, default order and page size, its list shape and its wire — and gets its search handler:
 *
 *   export const searchContacts = defineSearch({ alias: 'c', fields: contactFields, base: …, … });
 *   SearchContacts: readOnly((ctx, { body }) => searchContacts(ctx, body)),
 *
 * The engine knows nothing about any resource: field maps live in the resources' store-search
 * modules (they are SQL fragments), and everything else (parsing, compiling, the page plan, cursors,
 * counts) is here and in parse.ts, compile.ts and run.ts.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../core/context.js';
import { Scope } from '../core/scope.js';
import { badRequest } from '../errors.js';
import type { CursorPages } from '../http/pagination.js';
import { compileQuery } from './compile.js';
import { parseQuery, parseSort } from './parse.js';
import { runSearch, type IdKind } from './run.js';
import type { CompileContext, FieldResolver } from './types.js';

export interface SearchDefinition<Row extends { id: string | number }, Item, Type extends string, Key extends string> {
  /** The table alias the base query and the field map use; `<alias>.id` breaks ties and keys cursors. */
  alias: string;
  /**
   * The searchable fields: loads what dynamic families need (e.g. the workspace's custom attributes,
   * for `custom_attributes.<name>`) and returns the resolver the query is parsed against.
   */
  fields: (scope: Scope) => Promise<FieldResolver>;
  /** The rows a search may return, workspace-bound, with always-on conditions and what `wire` reads. */
  base: (scope: Scope) => SelectQueryBuilder<any, any, Row>;
  /**
   * The same rows, written for counting them (every match is read). Defaults to `base` without its
   * select list; lets a resource keep an unselective condition from steering the count onto an index.
   */
  countBase?: (scope: Scope) => SelectQueryBuilder<any, any, unknown>;
  /** 24-hex string ids, or numeric ids (numeric strings on the wire, integers in the table). */
  idKind: IdKind;
  defaultSort: { field: string; order: 'ascending' | 'descending' };
  defaultPerPage: number;
  /** The answer's `type` and the key its items sit under (`list`/`data`, `conversation.list`/`conversations`…). */
  list: { type: Type; key: Key };
  wire: (row: Row) => Item;
}

/** A search request: `{query, pagination?, sort?}` (the 2.11 schema omits `sort`, which Intercom documents). */
export interface SearchBody {
  query?: unknown;
  pagination?: unknown;
  sort?: unknown;
}

export type SearchAnswer<Type extends string, Key extends string, Item> = { type: Type; total_count: number; pages: CursorPages } & {
  [K in Key]: Item[];
};

export type SearchHandler<Type extends string, Key extends string, Item> = (ctx: Ctx, body: SearchBody | undefined) => Promise<SearchAnswer<Type, Key, Item>>;

/** What compiling a query of this workspace needs: its scope, timezone and clock, and the fields. */
export function compileContext(ctx: Ctx, scope: Scope, fields: FieldResolver): CompileContext {
  return { scope, engine: scope.engine, fields, timezone: ctx.workspace.timezone, now: ctx.clock.now() };
}

export function defineSearch<Row extends { id: string | number }, Item, Type extends string, Key extends string>(
  definition: SearchDefinition<Row, Item, Type, Key>,
): SearchHandler<Type, Key, Item> {
  const idColumn = sql.ref(`${definition.alias}.id`);
  return async (ctx, body) => {
    const input = body ?? {};
    if (typeof input !== 'object' || Array.isArray(input)) throw badRequest('The request body must be an object', 'parameter_invalid');
    if (input.query === undefined) throw badRequest('query is a required parameter.', 'parameter_not_found', 'query');
    const scope = new Scope(ctx.db, ctx.workspace.id);
    const fields = await definition.fields(scope);
    // Parse and validate everything before the searched table is read.
    const query = parseQuery(input.query, fields);
    const sort = parseSort(input.sort, fields, definition.defaultSort);
    const cctx = compileContext(ctx, scope, fields);
    const result = await runSearch(definition.base(scope), {
      ctx: cctx,
      query,
      where: await compileQuery(query, cctx),
      countBase: definition.countBase?.(scope),
      sort,
      idColumn,
      idKind: definition.idKind,
      pagination: input.pagination,
      defaultPerPage: definition.defaultPerPage,
    });
    const items = result.rows.map(definition.wire);
    // A computed key widens to an index signature in TypeScript; `Key` is exactly the one key set here.
    return { type: definition.list.type, [definition.list.key]: items, total_count: result.totalCount, pages: result.pages } as SearchAnswer<Type, Key, Item>;
  };
}
