/** Contacts of one workspace: every SQL statement on `contacts` (search fields: store-search.ts). */
import { sql, type AliasedRawBuilder } from 'kysely';
import { defineStore, requireRow, scopedPreparedQuery, type NewRow, type Scope } from '../../core/scope.js';
import { hexIdOf, isHexId } from '../../core/ids.js';
import type { Engine } from '../../db/database.js';
import { ciText, foldCase, jsonArrayAgg, lockKey, notIndexed } from '../../db/dialect.js';
import type { ContactsTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { contactNotFound, contactWire, type ContactWire } from './wire.js';

/** A contact row and the ids of its sub-lists, each a JSON array in display order (see `jsonArrayColumn`). */
export interface ContactWithLists extends ContactsTable {
  tag_ids: unknown;
  note_ids: unknown;
  opted_in_ids: unknown;
  opted_out_ids: unknown;
  company_ids: unknown;
}

/**
 * The workspace's contacts (as `c`) with their tags, notes, subscription choices and companies, gathered by the
 * same statement: one query however many contacts it returns, with no round trip per sub-list. Tags
 * show in the order they were applied, notes newest first, subscription types by id.
 */
export function selectContactsWithLists(s: Scope) {
  return s.fromAs('contacts', 'c').selectAll('c').select(subListColumns(s.engine));
}

type SubListColumns = [
  AliasedRawBuilder<unknown, 'tag_ids'>,
  AliasedRawBuilder<unknown, 'note_ids'>,
  AliasedRawBuilder<unknown, 'opted_in_ids'>,
  AliasedRawBuilder<unknown, 'opted_out_ids'>,
  AliasedRawBuilder<unknown, 'company_ids'>,
];

/** Built once per engine: immutable, and building these fragments costs more than running them. */
const subListColumnsByEngine = new Map<Engine, SubListColumns>();

function subListColumns(engine: Engine): SubListColumns {
  let columns = subListColumnsByEngine.get(engine);
  if (columns) return columns;
  // Each sub-select matches its rows to the outer contact's own workspace and id (a correlated
  // reference, not a workspace id written in).
  const ids = (table: string, alias: string, value: string, orderBy: string, extra = '') =>
    sql`(SELECT ${jsonArrayAgg(engine, sql.raw(`${alias}.${value}`), sql.raw(orderBy))} FROM ${sql.raw(`${table} AS ${alias}`)}
      WHERE ${sql.raw(`${alias}.workspace_id = c.workspace_id AND ${alias}.contact_id = c.id${extra}`)})`;
  columns = [
    ids('contact_tags', 't', 'tag_id', 't.applied_at, t.tag_id').as('tag_ids'),
    ids('notes', 'n', 'id', 'n.created_at DESC, n.id DESC').as('note_ids'),
    ids('contact_subscriptions', 's', 'subscription_type_id', 's.subscription_type_id', " AND s.consent = 'opt_in'").as('opted_in_ids'),
    ids('contact_subscriptions', 's', 'subscription_type_id', 's.subscription_type_id', " AND s.consent <> 'opt_in'").as('opted_out_ids'),
    ids('contact_companies', 'cc', 'company_id', 'cc.created_at, cc.company_id').as('company_ids'),
  ];
  subListColumnsByEngine.set(engine, columns);
  return columns;
}

/** The workspace's live (unarchived) contacts with their sub-lists: what lists and searches show. */
export const selectLiveContactsWithLists = (s: Scope) => selectContactsWithLists(s).where('c.archived', '=', 0);

/**
 * The workspace's live contacts (as `c`), for counting matches (searches, segments). Nearly every
 * contact is live, so `archived` must not lead the count onto an index (see `notIndexed`).
 */
export function liveContactsToCount(s: Scope) {
  return s.fromAs('contacts', 'c').where(notIndexed(s.engine, sql.ref('c.archived')), '=', 0);
}

// Hot single-contact reads: built and compiled once per engine.
const contactById = scopedPreparedQuery((s, v: { id: string }) => s.from('contacts').selectAll().where('id', '=', v.id));
const contactWithListsById = scopedPreparedQuery((s, v: { id: string }) => selectContactsWithLists(s).where('c.id', '=', v.id));

/** Column changes to a contact (never its workspace or id). */
export type ContactChanges = Partial<Omit<ContactsTable, 'workspace_id' | 'id'>>;

/** An identity Intercom keeps unique per workspace. */
export interface Identity {
  email?: string | null;
  externalId?: string | null;
}

export const contacts = defineStore((s) => {
  const store = {
    find: (id: string): Promise<ContactsTable | undefined> => contactById.first(s, { id }),

    /**
     * The contact a request names, or 404 "User Not Found"; an id that cannot exist is never queried.
     * Archived contacts are found: decision (behaviour §16 leaves it open) — an archived contact
     * leaves lists and search, but whoever holds its id can still read it, annotate it and unarchive
     * it; only deletion makes an id unknown.
     */
    require: (rawId: unknown): Promise<ContactsTable> => requireRow(rawId, hexIdOf, store.find, contactNotFound),

    /**
     * The contact as GET /contacts/{id} shows it, or 404. Writes read it inside their transaction, so
     * the answer (and the event) is exactly what they committed.
     */
    async show(rawId: unknown): Promise<ContactWire> {
      const row = isHexId(rawId) ? await contactWithListsById.first(s, { id: rawId }) : undefined;
      if (!row) throw contactNotFound();
      return contactWire(row);
    },

    /** Contacts as GET shows them, in the order of `ids` (ids that name none are left out): one statement. */
    async showMany(ids: string[]): Promise<ContactWire[]> {
      const wellFormed = ids.filter(isHexId);
      if (wellFormed.length === 0) return [];
      const rows = await selectContactsWithLists(s).where('c.id', 'in', wellFormed).execute();
      const byId = new Map(rows.map((row) => [row.id, row]));
      return wellFormed.flatMap((id) => (byId.has(id) ? [contactWire(byId.get(id)!)] : []));
    },

    /** Which of `ids` name contacts of the workspace. */
    async existingIds(ids: string[]): Promise<Set<string>> {
      const wellFormed = ids.filter(isHexId);
      if (wellFormed.length === 0) return new Set();
      const rows = await s.from('contacts').select('id').where('id', 'in', wellFormed).execute();
      return new Set(rows.map((r) => r.id));
    },

    /** Live contacts in (created_at, id) order, after the cursor key when given, and how many are live. */
    async listLive(options: { after?: { createdAt: number; id: string }; limit: number }): Promise<{ rows: ContactWithLists[]; total: number }> {
      // The live count is kept per workspace by triggers (migration 0005): count(*) here grew with
      // the workspace (bench/findings.md). No row yet means no live contacts.
      const totalRow = await s.from('contact_counts').select('live').executeTakeFirst();
      let page = selectLiveContactsWithLists(s);
      if (options.after) {
        const { createdAt, id } = options.after;
        page = page.where((eb) => eb.or([eb('c.created_at', '>', createdAt), eb.and([eb('c.created_at', '=', createdAt), eb('c.id', '>', id)])]));
      }
      const rows = await page.orderBy('c.created_at').orderBy('c.id').limit(sqlLimit(options.limit)).execute();
      return { rows, total: Number(totalRow?.live ?? 0) };
    },

    /**
     * Serialises identity checks within the workspace until the transaction ends, so two concurrent
     * writes with one email cannot both pass the duplicate check.
     */
    lockIdentities: (): Promise<void> => lockKey(s.db, `contacts-identity:${s.workspaceId}`),

    /**
     * A contact (archived or not) already holding this email (case-insensitively, by the dialect's
     * one folding rule) or external_id, other than `exceptId`.
     */
    async findIdentityClash({ email, externalId }: Identity, exceptId?: string): Promise<ContactsTable | undefined> {
      if (!email && !externalId) return undefined;
      let query = s.from('contacts').selectAll().where((eb) => {
        const either = [];
        if (email) either.push(eb(ciText(s.engine, sql.ref('email')), '=', foldCase(email)));
        if (externalId) either.push(eb('external_id', '=', externalId));
        return eb.or(either);
      });
      if (exceptId) query = query.where('id', '!=', exceptId);
      return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    },

    async insert(row: NewRow<'contacts'>): Promise<void> {
      await s.insert('contacts', row).execute();
    },

    async update(id: string, changes: ContactChanges): Promise<void> {
      if (Object.keys(changes).length === 0) return;
      await s.update('contacts').set(changes).where('id', '=', id).execute();
    },

    /**
     * Deletes the contact; its tags, notes and subscription choices go with it by the foreign keys'
     * ON DELETE CASCADE. False when it was already gone (of two concurrent deletes, one wins).
     */
    async delete(id: string): Promise<boolean> {
      const result = await s.delete('contacts').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
