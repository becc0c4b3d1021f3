import type { Db } from '../../db/database.js';
import type { ContactsTable } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import type { Ctx, Handlers } from '../../core/context.js';
import { hexId, isHexId, numericId } from '../../core/ids.js';
import { cursorPage, decodeCursor, isSortKey, pageNumber, perPage } from '../../http/pagination.js';
import { tags } from '../tags/public.js';
import { contactChanges, type ContactInput } from './input.js';
import * as store from './store.js';
import { contacts } from './store.js';
import { appliedTagWire, contactTags, tagContacts } from './tagging.js';
import { archivedWire, contactWire, deletedWire } from './wire.js';

/** GET /contacts: 50 per page by default (the endpoint's text; behaviour §4), at most 150. */
const CONTACTS_PER_PAGE = 50;

export const contactNotFound = () => notFound('User Not Found');

/**
 * The contact a path names, or 404 "User Not Found". Archived contacts are found: decision (behaviour
 * §16 leaves it open) — an archived contact leaves lists and search, but whoever holds its id can still
 * read it, annotate it and unarchive it; only deletion makes an id unknown.
 */
export async function loadContact(db: Db, workspaceId: string, rawId: unknown): Promise<ContactsTable> {
  const row = isHexId(rawId) ? await store.findContact(db, workspaceId, rawId) : undefined;
  if (!row) throw contactNotFound();
  return row;
}

/**
 * The contact as stored, with its sub-lists: what every single-contact answer shows. Writes read it
 * inside their transaction, so the answer is exactly what they committed, even if another request
 * changes the contact a moment later.
 */
async function showContact(db: Db, workspaceId: string, rawId: unknown) {
  const row = isHexId(rawId) ? await store.findContactWithLists(db, workspaceId, rawId) : undefined;
  if (!row) throw contactNotFound();
  return contactWire(row);
}

/** 409 when another contact already holds this email or external_id (archived ones count too). */
async function assertIdentityFree(db: Db, workspaceId: string, identity: { email?: string | null; externalId?: string | null }, exceptId?: string) {
  await store.lockIdentities(db, workspaceId);
  const clash = await store.findIdentityClash(db, workspaceId, identity, exceptId);
  if (!clash) return;
  if (clash.archived === 1) throw conflict(`An archived contact matching those details already exists with id=${clash.id}`);
  throw conflict(`A contact matching those details already exists with id=${clash.id}`);
}

/** Columns whose value actually differs: what an update really changes. */
function realChanges(current: ContactsTable, changes: Partial<ContactsTable>): Partial<ContactsTable> {
  const out: Partial<ContactsTable> = {};
  for (const [key, value] of Object.entries(changes) as [keyof ContactsTable, unknown][]) {
    const before = current[key];
    const same =
      key === 'custom_attributes'
        ? JSON.stringify(JSON.parse(String(before || '{}'))) === value
        : (before === null ? null : typeof value === 'number' ? Number(before) : before) === value;
    if (!same) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

const EMPTY_ROW: Omit<ContactsTable, 'workspace_id' | 'id' | 'role' | 'created_at' | 'updated_at'> = {
  email: null, email_domain: null, external_id: null, phone: null, name: null, avatar: null, owner_id: null,
  has_hard_bounced: 0, marked_email_as_spam: 0, unsubscribed_from_emails: 0,
  signed_up_at: null, last_seen_at: null, last_replied_at: null, last_contacted_at: null,
  last_email_opened_at: null, last_email_clicked_at: null, language_override: null,
  browser: null, browser_version: null, browser_language: null, os: null,
  android_app_name: null, android_app_version: null, android_device: null, android_os_version: null,
  android_sdk_version: null, android_last_seen_at: null, ios_app_name: null, ios_app_version: null,
  ios_device: null, ios_os_version: null, ios_sdk_version: null, ios_last_seen_at: null,
  location_country: null, location_region: null, location_city: null, location_country_code: null,
  location_continent_code: null, utm_campaign: null, utm_content: null, utm_medium: null, utm_source: null,
  utm_term: null, referrer: null, custom_attributes: '{}', archived: 0,
};

/** Columns a merge copies from the lead when the user has no value of its own. */
const MERGE_FILL: (keyof typeof EMPTY_ROW)[] = [
  'email', 'email_domain', 'phone', 'name', 'avatar', 'owner_id', 'signed_up_at', 'last_seen_at', 'last_replied_at',
  'last_contacted_at', 'last_email_opened_at', 'last_email_clicked_at', 'language_override', 'browser',
  'browser_version', 'browser_language', 'os', 'location_country', 'location_region', 'location_city',
  'location_country_code', 'location_continent_code', 'utm_campaign', 'utm_content', 'utm_medium', 'utm_source',
  'utm_term', 'referrer',
];

async function setArchived(ctx: Ctx, rawId: unknown, archived: boolean) {
  const row = await loadContact(ctx.db, ctx.workspace.id, rawId);
  if ((row.archived === 1) !== archived) {
    await store.updateContact(ctx.db, ctx.workspace.id, row.id, { archived: archived ? 1 : 0, updated_at: ctx.clock.now() });
  }
  return archivedWire(row, archived);
}

export const contactHandlers: Handlers = {
  async CreateContact(ctx, { body }) {
    const input = (body ?? {}) as ContactInput;
    const now = ctx.clock.now();
    return (async (trx: Db) => {
      const changes = await contactChanges(trx, ctx.workspace.id, input);
      await assertIdentityFree(trx, ctx.workspace.id, { email: changes.email, externalId: changes.external_id });
      const row: ContactsTable = {
        ...EMPTY_ROW,
        ...changes,
        workspace_id: ctx.workspace.id,
        id: hexId(now),
        role: changes.role ?? 'user',
        // Intercom's examples show a user created without `signed_up_at` signed up when created.
        signed_up_at: changes.signed_up_at !== undefined ? changes.signed_up_at : (changes.role ?? 'user') === 'user' ? now : null,
        created_at: now,
        updated_at: now,
      };
      await store.insertContact(trx, row);
      return showContact(trx, ctx.workspace.id, row.id);
    })(ctx.db);
  },

  async ShowContact(ctx, { params }) {
    return showContact(ctx.db, ctx.workspace.id, params.contact_id);
  },

  async UpdateContact(ctx, { params, body }) {
    const input = (body ?? {}) as ContactInput;
    return (async (trx: Db) => {
      const current = await loadContact(trx, ctx.workspace.id, params.contact_id);
      const changes = realChanges(current, await contactChanges(trx, ctx.workspace.id, input, current));
      // A lead becoming a user signs up then, unless the request or the lead says otherwise.
      if (changes.role === 'user' && current.signed_up_at === null && changes.signed_up_at === undefined) {
        changes.signed_up_at = ctx.clock.now();
      }
      if ('email' in changes || 'external_id' in changes) {
        await assertIdentityFree(trx, ctx.workspace.id, { email: changes.email, externalId: changes.external_id }, current.id);
      }
      // updated_at moves only when something really changed.
      if (Object.keys(changes).length > 0) {
        await store.updateContact(trx, ctx.workspace.id, current.id, { ...changes, updated_at: ctx.clock.now() });
      }
      return showContact(trx, ctx.workspace.id, current.id);
    })(ctx.db);
  },

  async DeleteContact(ctx, { params }) {
    return (async (trx: Db) => {
      const row = await loadContact(trx, ctx.workspace.id, params.contact_id);
      await store.deleteContact(trx, ctx.workspace.id, row.id);
      return deletedWire(row);
    })(ctx.db);
  },

  async ListContacts(ctx, { query }) {
    const q = query as Record<string, unknown>;
    const limit = perPage(q.per_page, CONTACTS_PER_PAGE);
    const cursor = decodeCursor(q.starting_after, isSortKey.timeAndId);
    const after = cursor ? { createdAt: cursor.key[0] as number, id: cursor.key[1] as string } : undefined;
    const { rows, total } = await store.listLiveContacts(ctx.db, ctx.workspace.id, { after, limit: limit + 1 });
    const { items, pages } = cursorPage(rows, {
      perPage: limit,
      page: cursor?.page ?? 1,
      totalCount: total,
      keyOf: (r) => [Number(r.created_at), r.id],
    });
    return { type: 'list', data: items.map(contactWire), total_count: total, pages };
  },

  async MergeContact(ctx, { body }) {
    const { from, into } = body;
    if (from === into) throw badRequest('from and into must be two different contacts', 'parameter_invalid', 'from');
    return (async (trx: Db) => {
      const ws = ctx.workspace.id;
      const lead = await loadContact(trx, ws, from);
      const user = await loadContact(trx, ws, into);
      if (lead.role !== 'lead') throw badRequest('The contact to merge from must be a lead', 'parameter_invalid', 'from');
      if (user.role !== 'user') throw badRequest('The contact to merge into must be a user', 'parameter_invalid', 'into');
      const now = ctx.clock.now();

      // The user keeps its own values; the lead fills the gaps (including custom attributes).
      const fill: Partial<ContactsTable> = {};
      for (const column of MERGE_FILL) {
        if (user[column] === null && lead[column] !== null) (fill as Record<string, unknown>)[column] = lead[column];
      }
      const attributes = { ...JSON.parse(lead.custom_attributes || '{}'), ...JSON.parse(user.custom_attributes || '{}') };
      fill.custom_attributes = JSON.stringify(attributes);

      // Tags the user lacks, the lead's notes and the lead's subscription choices the user has not made.
      // Resources added later that hang off contacts (companies, conversations…) must move here too,
      // before the lead is deleted: its rows would otherwise go with it.
      const leadTags = await trx
        .selectFrom('contact_tags')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', lead.id)
        .execute();
      if (leadTags.length > 0) {
        await trx
          .insertInto('contact_tags')
          .values(leadTags.map((t) => ({ ...t, contact_id: user.id })))
          .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'tag_id']).doNothing())
          .execute();
      }
      await trx.updateTable('notes').set({ contact_id: user.id }).where('workspace_id', '=', ws).where('contact_id', '=', lead.id).execute();
      const leadChoices = await trx
        .selectFrom('contact_subscriptions')
        .selectAll()
        .where('workspace_id', '=', ws)
        .where('contact_id', '=', lead.id)
        .execute();
      if (leadChoices.length > 0) {
        await trx
          .insertInto('contact_subscriptions')
          .values(leadChoices.map((c) => ({ ...c, contact_id: user.id })))
          .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'subscription_type_id']).doNothing())
          .execute();
      }

      // The lead goes first, so its email is free for the user to take.
      await store.deleteContact(trx, ws, lead.id);
      await store.updateContact(trx, ws, user.id, { ...fill, updated_at: now });
      return showContact(trx, ws, user.id);
    })(ctx.db);
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

  async listCompaniesForAContact(ctx, { params, query }) {
    await loadContact(ctx.db, ctx.workspace.id, params.contact_id);
    const q = query as Record<string, unknown>;
    const page = pageNumber(q.page);
    const limit = perPage(q.per_page, CONTACTS_PER_PAGE);
    // Companies do not exist in this server yet: every contact has none. The schema's key is
    // `companies` (the official SDK reads it), not the example's `data`.
    return { type: 'list', companies: [], total_count: 0, pages: { type: 'pages', page, per_page: limit, total_pages: 0, next: null } };
  },
};
