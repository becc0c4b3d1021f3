/**
 * Help centers (listHelpCenters, retrieveHelpCenter) and their collections (listAllCollections,
 * createCollection, retrieveCollection, updateCollection, deleteCollection).
 */
import type { Ctx, Handlers } from '../../core/context.js';
import type { CollectionsTable, HelpCentersTable } from '../../db/schema.js';
import { badRequest, missingParameter } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { numberedPage, pageNumber, pageOffset, perPage } from '../../http/pagination.js';
import { translatedEntries } from './locales.js';
import { collections, helpCenters, type CollectionChanges } from './store.js';
import { collectionContents, collectionNotFound, collectionWire, deletedCollection, helpCenterWire, localesOf, type GroupContent } from './wire.js';

type CollectionRequest = components['schemas']['create_collection_request'];

/** Help center lists: 15 per page by default (behaviour §4). */
const PER_PAGE = 15;

/** How deep collections nest in a help center (a collection, its sub-collections, theirs). */
const MAX_DEPTH = 3;

/** Collections as the API shows them, with their help centers read in one query. */
async function shown(ctx: Ctx, rows: CollectionsTable[]) {
  const centers = await helpCenters(ctx).byIds(rows.map((r) => Number(r.help_center_id)));
  return rows.map((row) => collectionWire(row, centers.get(Number(row.help_center_id))!));
}

async function showOne(ctx: Ctx, id: number) {
  const [collection] = await shown(ctx, [await collections(ctx).require(id)]);
  return collection;
}

/** How many levels the collection and what is inside it span (1 for a collection with no sub-collections). */
async function heightOf(ctx: Ctx, id: number): Promise<number> {
  let level = [id];
  let height = 0;
  while (level.length > 0) {
    height++;
    level = await collections(ctx).childIds(level);
  }
  return height;
}

/** The collection's ancestors' ids, nearest first. */
async function ancestorsOf(ctx: Ctx, row: CollectionsTable): Promise<number[]> {
  const ancestors: number[] = [];
  let parentId = row.parent_id === null ? null : Number(row.parent_id);
  while (parentId !== null && ancestors.length <= MAX_DEPTH) {
    ancestors.push(parentId);
    const parent = await collections(ctx).find(parentId);
    parentId = parent?.parent_id == null ? null : Number(parent.parent_id);
  }
  return ancestors;
}

/**
 * The parent a body names (`parent_id`: a collection id, as a string, or null for the top level),
 * checked: in the same help center, not the collection itself nor inside it, and no deeper than
 * three levels with everything the moved collection holds.
 */
async function parentFor(ctx: Ctx, raw: unknown, helpCenterId: number | undefined, moving?: CollectionsTable): Promise<CollectionsTable | null> {
  if (raw === null || raw === undefined || raw === '') return null;
  const parent = await collections(ctx).require(raw);
  if (helpCenterId !== undefined && Number(parent.help_center_id) !== helpCenterId) {
    throw badRequest('parent_id must be a collection of the same Help Center', 'parameter_invalid', 'parent_id');
  }
  const parentAncestors = await ancestorsOf(ctx, parent);
  if (moving && (Number(parent.id) === Number(moving.id) || parentAncestors.includes(Number(moving.id)))) {
    throw badRequest('A collection cannot be moved inside itself', 'parameter_invalid', 'parent_id');
  }
  const height = moving ? await heightOf(ctx, Number(moving.id)) : 1;
  if (parentAncestors.length + 1 + height > MAX_DEPTH) {
    throw badRequest(`Collections can be nested at most ${MAX_DEPTH} levels deep`, 'parameter_invalid', 'parent_id');
  }
  return parent;
}

/** The content per locale after a body's `name`, `description` and `translated_content` (the top-level fields win for the default locale). */
function contentsAfter(body: { name?: string; description?: string; translated_content?: CollectionRequest['translated_content'] }, helpCenter: HelpCentersTable, current: Record<string, GroupContent>): Record<string, GroupContent> {
  const contents = { ...current };
  const merge = (locale: string, given: { name?: unknown; description?: unknown }, field: string) => {
    const before = contents[locale];
    const name = given.name === undefined ? before?.name : String(given.name).trim();
    if (!name) throw missingParameter('Name is a required parameter.', field);
    const description = given.description === undefined ? (before?.description ?? '') : String(given.description ?? '');
    contents[locale] = { name, description };
  };
  const defaultLocale = helpCenter.default_locale;
  for (const [locale, given] of translatedEntries(body.translated_content, localesOf(helpCenter))) {
    const top = locale === defaultLocale ? { name: body.name, description: body.description } : {};
    merge(locale, { ...given, ...Object.fromEntries(Object.entries(top).filter(([, v]) => v !== undefined)) }, locale === defaultLocale ? 'name' : `translated_content.${locale}.name`);
  }
  if (body.name !== undefined || body.description !== undefined || !contents[defaultLocale]) {
    merge(defaultLocale, { name: body.name, description: body.description }, 'name');
  }
  return contents;
}

/** The row columns of a collection's contents: the default locale's in columns, the others as JSON. */
function contentColumns(contents: Record<string, GroupContent>, defaultLocale: string) {
  const { [defaultLocale]: main, ...others } = contents;
  return { name: main.name, description: main.description, translations: JSON.stringify(others) };
}

export const helpCenterHandlers: Handlers = {
  /** GET /help_center/help_centers: every help center, page by page (past the end: no items, where the SDK stops). */
  async listHelpCenters(ctx, { query }) {
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, PER_PAGE);
    const rows = await helpCenters(ctx).page({ offset: pageOffset(page, limit), limit });
    return { type: 'list', data: rows.map(helpCenterWire) };
  },

  async retrieveHelpCenter(ctx, { params }) {
    return helpCenterWire(await helpCenters(ctx).require(params.help_center_id));
  },

  /** GET /help_center/collections: most recently updated first, 15 per page by default. */
  async listAllCollections(ctx, { query }) {
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, PER_PAGE);
    const { rows, total } = await collections(ctx).listed({ offset: pageOffset(page, limit), limit });
    return { type: 'list', data: await shown(ctx, rows), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },

  /**
   * POST /help_center/collections: in the named help center (else the workspace's first), under
   * `parent_id` when given (the parent's help center), last among its siblings.
   */
  async createCollection(ctx, { body }) {
    const named = body.help_center_id == null ? undefined : await helpCenters(ctx).require(body.help_center_id);
    const parent = await parentFor(ctx, body.parent_id, named === undefined ? undefined : Number(named.id));
    const helpCenter = parent ? await helpCenters(ctx).require(parent.help_center_id) : (named ?? (await helpCenters(ctx).primary()));
    const contents = contentsAfter(body, helpCenter, {});
    const now = ctx.clock.now();
    const parentId = parent ? Number(parent.id) : null;
    const id = await collections(ctx).insert({
      help_center_id: Number(helpCenter.id),
      parent_id: parentId,
      ...contentColumns(contents, helpCenter.default_locale),
      icon: 'book-bookmark',
      position: await collections(ctx).nextPosition(Number(helpCenter.id), parentId),
      created_at: now,
      updated_at: now,
    });
    return showOne(ctx, id);
  },

  async retrieveCollection(ctx, { params }) {
    return showOne(ctx, Number((await collections(ctx).require(params.collection_id)).id));
  },

  /** PUT /help_center/collections/{id}: fields not sent are kept; a new parent puts the collection last among its new siblings. */
  async updateCollection(ctx, { params, body }) {
    const current = await collections(ctx).require(params.collection_id);
    const request = body ?? {};
    const helpCenter = await helpCenters(ctx).require(current.help_center_id);
    const changes: CollectionChanges = contentColumns(contentsAfter(request, helpCenter, collectionContents(current, helpCenter.default_locale)), helpCenter.default_locale);
    if (request.parent_id !== undefined) {
      const parent = await parentFor(ctx, request.parent_id, Number(helpCenter.id), current);
      const parentId = parent ? Number(parent.id) : null;
      if (parentId !== (current.parent_id === null ? null : Number(current.parent_id))) {
        changes.parent_id = parentId;
        changes.position = await collections(ctx).nextPosition(Number(helpCenter.id), parentId);
      }
    }
    await collections(ctx).update(Number(current.id), { ...changes, updated_at: ctx.clock.now() });
    return showOne(ctx, Number(current.id));
  },

  /**
   * DELETE /help_center/collections/{id}: the collection and its sub-collections are deleted; their
   * articles are kept (articles are content of their own, written apart from any collection) and
   * leave the help center: `parent_id` null, as an article never put in a collection.
   */
  async deleteCollection(ctx, { params }) {
    const collection = await collections(ctx).require(params.collection_id);
    const ids = [Number(collection.id)];
    for (let level = ids; level.length > 0; ) {
      level = await collections(ctx).childIds(level);
      ids.push(...level);
    }
    if (!(await collections(ctx).delete(ids))) throw collectionNotFound();
    return deletedCollection(Number(collection.id));
  },
};
