/**
 * Contacts: create, show, update, delete, list, merge, archive/unarchive, their tags,
 * and search. Every write emits its events (behaviour §14) with the contact as GET shows it then.
 */
import { readOnly, type Ctx, type Handlers } from '../../core/context.js';
import { hexId } from '../../core/ids.js';
import type { ContactsTable } from '../../db/schema.js';
import { badRequest, conflict } from '../../errors.js';
import { cursorPage, decodeCursor, isSortKey, perPage } from '../../http/pagination.js';
import { defineSearch } from '../../search/define.js';
import { tags } from '../tags/public.js';
import { EMPTY_CONTACT } from './create.js';
import { contactDependents } from './dependents.js';
import { contactChanges, type ContactInput } from './input.js';
import { contacts, liveContactsToCount, selectLiveContactsWithLists, type ContactChanges, type Identity } from './store.js';
import { CONTACT_ALIAS, contactFields } from './store-search.js';
import { contactTags } from './store-tags.js';
import { appliedTagWire, tagContacts } from './tagging.js';
import { archivedWire, contactIdentifiers, contactNotFound, contactWire, deletedWire } from './wire.js';

/** GET /contacts: 50 per page by default (the endpoint's text; behaviour §4), at most 150. */
const CONTACTS_PER_PAGE = 50;

/**
 * POST /contacts/search over the workspace's live (unarchived) contacts. Behaviour §4: pages hold
 * 50 contacts unless `pagination.per_page` says otherwise (max 150). Default order: Intercom
 * documents only that it is descending, not by what; this server sorts by `created_at` (newest
 * first), id breaking ties, which is also the order the (workspace_id, archived, created_at, id)
 * index delivers without sorting.
 */
const searchContacts = defineSearch({
  alias: CONTACT_ALIAS,
  fields: contactFields,
  base: selectLiveContactsWithLists,
  countBase: liveContactsToCount,
  idKind: 'string',
  defaultSort: { field: 'created_at', order: 'descending' },
  defaultPerPage: 50,
  list: { type: 'list', key: 'data' },
  wire: contactWire,
});

/** 409 when another contact already holds this email or external_id (archived ones count too). */
async function assertIdentityFree(ctx: Ctx, identity: Identity, exceptId?: string) {
  await contacts(ctx).lockIdentities();
  const clash = await contacts(ctx).findIdentityClash(identity, exceptId);
  if (!clash) return;
  if (clash.archived === 1) throw conflict(`An archived contact matching those details already exists with id=${clash.id}`);
  throw conflict(`A contact matching those details already exists with id=${clash.id}`);
}

/** Columns whose value actually differs: what an update really changes. */
function realChanges(current: ContactsTable, changes: ContactChanges): ContactChanges {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as [keyof ContactChanges, unknown][]) {
    const before = current[key];
    const same =
      key === 'custom_attributes'
        ? JSON.stringify(JSON.parse(String(before || '{}'))) === value
        : (before === null ? null : typeof value === 'number' ? Number(before) : before) === value;
    if (!same) out[key] = value;
  }
  return out as ContactChanges;
}

const EMPTY_ROW = EMPTY_CONTACT;

/** Columns a merge copies from the lead when the user has no value of its own. */
const MERGE_FILL: (keyof typeof EMPTY_ROW)[] = [
  'email', 'email_domain', 'phone', 'name', 'avatar', 'owner_id', 'signed_up_at', 'last_seen_at', 'last_replied_at',
  'last_contacted_at', 'last_email_opened_at', 'last_email_clicked_at', 'language_override', 'browser',
  'browser_version', 'browser_language', 'os', 'location_country', 'location_region', 'location_city',
  'location_country_code', 'location_continent_code', 'utm_campaign', 'utm_content', 'utm_medium', 'utm_source',
  'utm_term', 'referrer',
];

/** `contact.user.*` or `contact.lead.*` by the contact's role. */
const roleTopic = (role: string) => (role === 'lead' ? 'lead' : 'user');

async function setArchived(ctx: Ctx, rawId: unknown, archived: boolean) {
  const row = await contacts(ctx).require(rawId);
  if ((row.archived === 1) !== archived) {
    await contacts(ctx).update(row.id, { archived: archived ? 1 : 0, updated_at: ctx.clock.now() });
    await ctx.emit(archived ? 'contact.archived' : 'contact.unarchived', await contacts(ctx).show(row.id));
  }
  return archivedWire(row, archived);
}

export const contactHandlers: Handlers = {
  async CreateContact(ctx, { body }) {
    // The spec's create_contact_request is a oneOf (email | external_id | role required) that the
    // generator types as `unknown`; its fields are update_contact_request's, and the schema checked them.
    const input = (body ?? {}) as ContactInput;
    const now = ctx.clock.now();
    const changes = await contactChanges(ctx, input);
    await assertIdentityFree(ctx, { email: changes.email, externalId: changes.external_id });
    const role = changes.role ?? 'user';
    const id = hexId(now);
    await contacts(ctx).insert({
      ...EMPTY_ROW,
      ...changes,
      id,
      role,
      // Intercom's examples show a user created without `signed_up_at` signed up when created.
      signed_up_at: changes.signed_up_at !== undefined ? changes.signed_up_at : role === 'user' ? now : null,
      created_at: now,
      updated_at: now,
    });
    const contact = await contacts(ctx).show(id);
    await ctx.emit(`contact.${roleTopic(role)}.created`, contact);
    return contact;
  },

  async ShowContact(ctx, { params }) {
    return contacts(ctx).show(params.contact_id);
  },

  /**
   * A real change emits `contact.<role>.updated` (no event when nothing changed), and also
   * `contact.lead.signed_up` when a lead becomes a user, `contact.email.updated` when the email
   * changed and `contact.unsubscribed` / `contact.subscribed` when `unsubscribed_from_emails` did.
   */
  async UpdateContact(ctx, { params, body }) {
    const current = await contacts(ctx).require(params.contact_id);
    const changes = realChanges(current, await contactChanges(ctx, body ?? {}, current));
    // A lead becoming a user signs up then, unless the request or the lead says otherwise.
    if (changes.role === 'user' && current.signed_up_at === null && changes.signed_up_at === undefined) {
      changes.signed_up_at = ctx.clock.now();
    }
    if ('email' in changes || 'external_id' in changes) {
      await assertIdentityFree(ctx, { email: changes.email, externalId: changes.external_id }, current.id);
    }
    // updated_at moves only when something really changed.
    if (Object.keys(changes).length === 0) return contacts(ctx).show(current.id);
    await contacts(ctx).update(current.id, { ...changes, updated_at: ctx.clock.now() });
    const contact = await contacts(ctx).show(current.id);
    await ctx.emit(`contact.${roleTopic(contact.role)}.updated`, contact);
    if (current.role === 'lead' && changes.role === 'user') await ctx.emit('contact.lead.signed_up', contact);
    if ('email' in changes) await ctx.emit('contact.email.updated', contact);
    if (changes.unsubscribed_from_emails !== undefined) {
      await ctx.emit(changes.unsubscribed_from_emails === 1 ? 'contact.unsubscribed' : 'contact.subscribed', contact);
    }
    return contact;
  },

  /** Whether this request removed the row decides 200 or 404: of two concurrent deletes, one wins. */
  async DeleteContact(ctx, { params }) {
    const row = await contacts(ctx).require(params.contact_id);
    if (!(await contacts(ctx).delete(row.id))) throw contactNotFound();
    await ctx.emit('contact.deleted', contactIdentifiers(row));
    return deletedWire(row);
  },

  async ListContacts(ctx, { query }) {
    const limit = perPage(query.per_page, CONTACTS_PER_PAGE);
    const cursor = decodeCursor(query.starting_after, isSortKey.timeAndId);
    const after = cursor ? { createdAt: cursor.key[0] as number, id: cursor.key[1] as string } : undefined;
    const { rows, total } = await contacts(ctx).listLive({ after, limit: limit + 1 });
    const { items, pages } = cursorPage(rows, {
      perPage: limit,
      page: cursor?.page ?? 1,
      totalCount: total,
      keyOf: (r) => [Number(r.created_at), r.id],
    });
    return { type: 'list', data: items.map(contactWire), total_count: total, pages };
  },

  /**
   * Lead `from` into user `into`: the user keeps its values and gains the lead's where it has none,
   * the lead's tags, and whatever the registered contact dependents move (notes, subscription
   * choices…); then the lead is deleted. Emits `contact.deleted` (the lead) and `contact.user.updated`.
   */
  async MergeContact(ctx, { body }) {
    const { from, into } = body;
    if (from === into) throw badRequest('from and into must be two different contacts', 'parameter_invalid', 'from');
    const lead = await contacts(ctx).require(from);
    const user = await contacts(ctx).require(into);
    if (lead.role !== 'lead') throw badRequest('The contact to merge from must be a lead', 'parameter_invalid', 'from');
    if (user.role !== 'user') throw badRequest('The contact to merge into must be a user', 'parameter_invalid', 'into');

    // The user keeps its own values; the lead fills the gaps (including custom attributes).
    const fill: Record<string, unknown> = {};
    for (const column of MERGE_FILL) {
      if (user[column] === null && lead[column] !== null) fill[column] = lead[column];
    }
    const attributes = { ...JSON.parse(lead.custom_attributes || '{}'), ...JSON.parse(user.custom_attributes || '{}') };

    // What hangs off the lead moves before it is deleted: its rows would otherwise go with it (cascade).
    await contactTags(ctx).copy(lead.id, user.id);
    for (const dependent of contactDependents()) await dependent.onMerge?.(ctx, lead.id, user.id);

    // The lead goes first, so its email is free for the user to take.
    if (!(await contacts(ctx).delete(lead.id))) throw contactNotFound();
    await contacts(ctx).update(user.id, { ...(fill as ContactChanges), custom_attributes: JSON.stringify(attributes), updated_at: ctx.clock.now() });
    const merged = await contacts(ctx).show(user.id);
    await ctx.emit('contact.deleted', contactIdentifiers(lead));
    await ctx.emit('contact.user.updated', merged);
    return merged;
  },

  async ArchiveContact(ctx, { params }) {
    return setArchived(ctx, params.contact_id, true);
  },

  async UnarchiveContact(ctx, { params }) {
    return setArchived(ctx, params.contact_id, false);
  },

  async listTagsForAContact(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    return { type: 'list', data: (await contactTags(ctx).of(contact.id)).map(appliedTagWire) };
  },

  async attachTagToContact(ctx, { params, body }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const tag = await tags(ctx).require(body.id);
    await tagContacts(ctx, tag, { apply: [contact.id] });
    const applied = (await contactTags(ctx).of(contact.id)).find((t) => Number(t.tag.id) === Number(tag.id))!;
    return appliedTagWire(applied);
  },

  async detachTagFromContact(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const tag = await tags(ctx).require(params.tag_id);
    // Detaching a tag the contact does not have is a no-op that still answers with the tag.
    const applied = (await contactTags(ctx).of(contact.id)).find((t) => Number(t.tag.id) === Number(tag.id));
    await tagContacts(ctx, tag, { remove: [contact.id] });
    return appliedTagWire(applied ?? { tag, applied_at: null, applied_by: null });
  },

  SearchContacts: readOnly(async (ctx, { body }) => searchContacts(ctx, body)),
};
