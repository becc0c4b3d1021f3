/** Tags: listTags, createTag (create, rename, tag and untag contacts), findTag, deleteTag. */
import { Reply, type Ctx, type Handlers, type Input } from '../../core/context.js';
import { badRequest, notFound } from '../../errors.js';
import { tagCompanies } from '../companies/public.js';
import { contacts, tagContacts } from '../contacts/public.js';
import { tags } from './store.js';
import { tagBasic, tagNotFound, tagWire } from './wire.js';

/** POST /tags takes one merged shape (spec-overrides): the keys present decide what it does. */
type TagRequest = Input<'createTag'>['body'];

function validName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name) throw badRequest('invalid tag parameters', 'parameter_invalid', 'name');
  return name;
}

/** Create, or rename when `id` is given. Creating a name that exists returns the existing tag. */
async function createOrRename(ctx: Ctx, body: TagRequest) {
  const name = validName(body.name);
  const now = ctx.clock.now();
  const existing = await tags(ctx).findByName(name);
  if (body.id === undefined) return existing ?? (await tags(ctx).insert(name, now));
  const tag = await tags(ctx).require(body.id);
  if (existing && existing.id !== tag.id) {
    throw badRequest(`A tag named '${existing.name}' already exists`, 'parameter_invalid', 'name');
  }
  await tags(ctx).rename(tag.id, name, now);
  return { ...tag, name, updated_at: now };
}

/**
 * `{name, users:[{id}]}`: creates the tag if needed and applies it to every contact listed (an item
 * with `untag: true` removes it instead), all or nothing: an unknown contact is 404 "User Not Found".
 */
async function tagUsers(ctx: Ctx, body: TagRequest & { users: NonNullable<TagRequest['users']> }) {
  const name = validName(body.name);
  const ids = body.users.map((u) => u.id);
  if (ids.some((id) => typeof id !== 'string')) throw badRequest('Each user needs an id', 'parameter_invalid', 'users');
  const known = await contacts(ctx).existingIds(ids as string[]);
  if (ids.some((id) => !known.has(id as string))) throw notFound('User Not Found');
  const tag = (await tags(ctx).findByName(name)) ?? (await tags(ctx).insert(name, ctx.clock.now()));
  // `untag` is not in the 2.11 request schema, but Intercom's own docs send it to remove a tag.
  const untagged = (u: { id?: string }) => (u as { untag?: unknown }).untag === true;
  await tagContacts(ctx, tag, {
    apply: body.users.filter((u) => !untagged(u)).map((u) => u.id as string),
    remove: body.users.filter(untagged).map((u) => u.id as string),
  });
  return tag;
}

/**
 * `{name, companies:[{id}|{company_id}]}`: creates the tag if needed and applies it to every company
 * listed (`untag: true` removes it instead), all or nothing: an unknown company is 404 "Company Not Found".
 */
async function tagCompaniesNamed(ctx: Ctx, body: TagRequest & { companies: NonNullable<TagRequest['companies']> }) {
  const name = validName(body.name);
  if (body.companies.length === 0) throw badRequest('companies must list at least one company', 'parameter_invalid', 'companies');
  const tag = (await tags(ctx).findByName(name)) ?? (await tags(ctx).insert(name, ctx.clock.now()));
  await tagCompanies(ctx, tag, body.companies);
  return tag;
}

export const tagHandlers: Handlers = {
  async listTags(ctx) {
    return { type: 'list', data: (await tags(ctx).list()).map(tagWire) };
  },

  async createTag(ctx, { body }) {
    // The request body is one of several shapes; the keys present decide which (see spec-overrides).
    if (body.users !== undefined) return tagBasic(await tagUsers(ctx, { ...body, users: body.users }));
    if (body.companies !== undefined) return tagBasic(await tagCompaniesNamed(ctx, { ...body, companies: body.companies }));
    return tagBasic(await createOrRename(ctx, body));
  },

  async findTag(ctx, { params }) {
    return tagWire(await tags(ctx).require(params.tag_id));
  },

  /** Whether this request removed the row decides 200 or 404: of two concurrent deletes, one wins. */
  async deleteTag(ctx, { params }) {
    const tag = await tags(ctx).require(params.tag_id);
    if (!(await tags(ctx).delete(tag.id))) throw tagNotFound();
    return new Reply(200);
  },
};
