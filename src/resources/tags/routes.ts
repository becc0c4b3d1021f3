import type { Db } from '../../db/database.js';
import { ApiError, badRequest, notFound } from '../../errors.js';
import type { Ctx, Handlers } from '../../core/context.js';
import { Reply } from '../../core/context.js';
import { isHexId, numericId } from '../../core/ids.js';
import { applyTag, existingContactIds, removeTag } from '../contacts/tagging.js';
import type { TagsTable } from '../../db/schema.js';
import * as store from './store.js';

/** GET /tags/{id} and GET /tags list the tag alone, so `applied_at`/`applied_by` are null. */
export function tagWire(row: TagsTable) {
  return { type: 'tag' as const, id: String(row.id), name: row.name, applied_at: null, applied_by: null };
}

/** POST /tags answers with the short form. */
const tagBasic = (row: TagsTable) => ({ type: 'tag', id: String(row.id), name: row.name });

async function loadTag(ctx: Ctx, rawId: unknown): Promise<TagsTable> {
  const id = numericId(rawId);
  const row = id === undefined ? undefined : await store.findTag(ctx.db, ctx.workspace.id, id);
  if (!row) throw notFound('Resource Not Found');
  return row;
}

function validName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name) throw badRequest('invalid tag parameters', 'parameter_invalid', 'name');
  return name;
}

/** Create, or rename when `id` is given. Creating a name that exists returns the existing tag. */
async function createOrRename(ctx: Ctx, body: { name: string; id?: string }) {
  const name = validName(body.name);
  const now = ctx.clock.now();
  return (async (trx: Db) => {
    const existing = await store.findTagByName(trx, ctx.workspace.id, name);
    if (body.id === undefined) return existing ?? (await store.insertTag(trx, ctx.workspace.id, name, now));
    const tag = await loadTag({ ...ctx, db: trx }, body.id);
    if (existing && existing.id !== tag.id) {
      throw badRequest(`A tag named '${existing.name}' already exists`, 'parameter_invalid', 'name');
    }
    await store.renameTag(trx, ctx.workspace.id, tag.id, name, now);
    return { ...tag, name, updated_at: now };
  })(ctx.db);
}

/**
 * `{name, users:[{id}]}`: creates the tag if needed and applies it to every contact listed (an item
 * with `untag: true` removes it instead), all or nothing: an unknown contact is 404 "User Not Found".
 */
async function tagContacts(ctx: Ctx, rawName: string, users: { id?: string; untag?: boolean }[]) {
  const name = validName(rawName);
  const now = ctx.clock.now();
  return (async (trx: Db) => {
    const ws = ctx.workspace.id;
    const ids = users.map((u) => u.id);
    if (ids.some((id) => typeof id !== 'string')) throw badRequest('Each user needs an id', 'parameter_invalid', 'users');
    const known = await existingContactIds(trx, ws, (ids as string[]).filter(isHexId));
    if (ids.some((id) => !known.has(id as string))) throw notFound('User Not Found');
    const tag = (await store.findTagByName(trx, ws, name)) ?? (await store.insertTag(trx, ws, name, now));
    const untag = users.filter((u) => (u as { untag?: unknown }).untag === true).map((u) => u.id as string);
    const apply = users.filter((u) => (u as { untag?: unknown }).untag !== true).map((u) => u.id as string);
    await applyTag(trx, ws, tag.id, apply, now, ctx.adminId);
    await removeTag(trx, ws, tag.id, untag);
    return tag;
  })(ctx.db);
}

export const tagHandlers: Handlers = {
  async listTags(ctx) {
    const rows = await store.listTags(ctx.db, ctx.workspace.id);
    return { type: 'list', data: rows.map(tagWire) };
  },

  async createTag(ctx, { body }) {
    // The request body is one of several shapes; the keys present decide which (see spec-overrides).
    if (body.users !== undefined) return tagBasic(await tagContacts(ctx, body.name, body.users));
    if (body.companies !== undefined) {
      throw new ApiError(501, 'not_implemented', 'Tagging companies through POST /tags is not implemented yet');
    }
    return tagBasic(await createOrRename(ctx, body));
  },

  async findTag(ctx, { params }) {
    return tagWire(await loadTag(ctx, params.tag_id));
  },

  async deleteTag(ctx, { params }) {
    const tag = await loadTag(ctx, params.tag_id);
    await store.deleteTag(ctx.db, ctx.workspace.id, tag.id);
    return new Reply(200);
  },
};
