/** POST /contacts/search: Intercom's query language over the workspace's live (unarchived) contacts. */
import { sql } from 'kysely';
import { badRequest } from '../../errors.js';
import type { Ctx, Handlers } from '../../core/context.js';
import { compileQuery } from '../../search/compile.js';
import { compileContext, contactFieldResolver } from '../../search/contacts.js';
import { parseQuery, parseSort } from '../../search/parse.js';
import { runSearch } from '../../search/run.js';
import { liveContactsToCount, selectContactsWithLists, type ContactWithLists } from './store.js';
import { contactWire } from './wire.js';

/** Behaviour §4: search pages hold 50 contacts unless `pagination.per_page` says otherwise (max 150). */
export const SEARCH_PER_PAGE = 50;

/**
 * Default order. Intercom documents only that the default order is descending, not by what; this
 * server sorts by `created_at` (newest first), id breaking ties, which is also the order the
 * (workspace_id, archived, created_at, id) index delivers without sorting.
 */
export const DEFAULT_SORT = { field: 'created_at', order: 'descending' } as const;

export async function searchContacts(ctx: Ctx, body: unknown) {
  const input = (body ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) throw badRequest('The request body must be an object', 'parameter_invalid');
  if (input.query === undefined) throw badRequest('query is a required parameter.', 'parameter_not_found', 'query');
  const resolve = await contactFieldResolver(ctx.db, ctx.workspace.id);
  // Parse and validate everything before touching the contacts table.
  const query = parseQuery(input.query, resolve);
  const sort = parseSort(input.sort, resolve, DEFAULT_SORT);
  const cctx = compileContext(ctx.db, ctx.workspace, ctx.clock.now());
  const where = await compileQuery(query, cctx);
  const base = selectContactsWithLists(ctx.db)
    .where('c.workspace_id', '=', ctx.workspace.id)
    .where('c.archived', '=', 0);
  const countBase = liveContactsToCount(ctx.db, ctx.workspace.id);
  const result = await runSearch(base, {
    ctx: cctx,
    query,
    where,
    countBase,
    sort,
    idColumn: sql.ref('c.id'),
    pagination: input.pagination,
    defaultPerPage: SEARCH_PER_PAGE,
  });
  const data = (result.rows as ContactWithLists[]).map(contactWire);
  return { type: 'list' as const, data, total_count: result.totalCount, pages: result.pages };
}

export const searchHandlers: Handlers = {
  async SearchContacts(ctx, { body }) {
    return searchContacts(ctx, body);
  },
};
