import { sql, type AliasedRawBuilder } from 'kysely';
import type { Db, Engine } from '../../db/database.js';
import { sqlLimit } from '../../http/pagination.js';
import { engineOf, jsonArrayAgg, notIndexed } from '../../db/dialect.js';
import { preparedQuery } from '../../db/prepared.js';
import type { ContactsTable } from '../../db/schema.js';
import { defineStore } from '../../core/scope.js';
import { isHexId } from '../../core/ids.js';
import { notFound } from '../../errors.js';
import { contactWire, type ContactWire } from './wire.js';

export const contactNotFound = () => notFound('User Not Found');

const contactById = preparedQuery((db, v: { workspaceId: string; id: string }) =>
  db.selectFrom('contacts').selectAll().where('workspace_id', '=', v.workspaceId).where('id', '=', v.id),
);

export async function findContact(db: Db, workspaceId: string, id: string): Promise<ContactsTable | undefined> {
  return contactById.first(db, { workspaceId, id });
}

/** A contact row and the ids of its sub-lists, each a JSON array in display order (see `jsonArrayColumn`). */
export interface ContactWithLists extends ContactsTable {
  tag_ids: unknown;
  note_ids: unknown;
  opted_in_ids: unknown;
  opted_out_ids: unknown;
}

/**
 * Contacts (as `c`) with their tags, notes and subscription choices, gathered by the same statement:
 * one query however many contacts it returns, with no round trip per sub-list. Tags show in the
 * order they were applied, notes newest first, subscription types by id.
 */
export function selectContactsWithLists(db: Db) {
  return db.selectFrom('contacts as c').selectAll('c').select(subListColumns(engineOf(db)));
}

type SubListColumns = [
  AliasedRawBuilder<unknown, 'tag_ids'>,
  AliasedRawBuilder<unknown, 'note_ids'>,
  AliasedRawBuilder<unknown, 'opted_in_ids'>,
  AliasedRawBuilder<unknown, 'opted_out_ids'>,
];

/** Built once per engine: immutable, and building these fragments costs more than running them. */
const subListColumnsByEngine = new Map<Engine, SubListColumns>();

function subListColumns(engine: Engine): SubListColumns {
  let columns = subListColumnsByEngine.get(engine);
  if (columns) return columns;
  const ids = (table: string, alias: string, value: string, orderBy: string, extra = '') =>
    sql`(SELECT ${jsonArrayAgg(engine, sql.raw(`${alias}.${value}`), sql.raw(orderBy))} FROM ${sql.raw(`${table} AS ${alias}`)}
      WHERE ${sql.raw(`${alias}.workspace_id = c.workspace_id AND ${alias}.contact_id = c.id${extra}`)})`;
  columns = [
    ids('contact_tags', 't', 'tag_id', 't.applied_at, t.tag_id').as('tag_ids'),
    ids('notes', 'n', 'id', 'n.created_at DESC, n.id DESC').as('note_ids'),
    ids('contact_subscriptions', 's', 'subscription_type_id', 's.subscription_type_id', " AND s.consent = 'opt_in'").as('opted_in_ids'),
    ids('contact_subscriptions', 's', 'subscription_type_id', 's.subscription_type_id', " AND s.consent <> 'opt_in'").as('opted_out_ids'),
  ];
  subListColumnsByEngine.set(engine, columns);
  return columns;
}

/**
 * The workspace's live contacts (as `c`), for counting matches. Nearly every contact is live, so
 * `archived` must not lead the count onto an index (see `notIndexed`).
 */
export function liveContactsToCount(db: Db, workspaceId: string) {
  return db
    .selectFrom('contacts as c')
    .where('c.workspace_id', '=', workspaceId)
    .where(notIndexed(engineOf(db), sql.ref('c.archived')), '=', 0);
}

const contactWithListsById = preparedQuery((db, v: { workspaceId: string; id: string }) =>
  selectContactsWithLists(db).where('c.workspace_id', '=', v.workspaceId).where('c.id', '=', v.id),
);

export async function findContactWithLists(db: Db, workspaceId: string, id: string): Promise<ContactWithLists | undefined> {
  return contactWithListsById.first(db, { workspaceId, id });
}

/**
 * Serialises identity checks within a workspace until the transaction ends, so two concurrent creates
 * with one email cannot both pass the duplicate check. PostgreSQL takes a transaction-scoped advisory
 * lock; SQLite needs nothing (one writer, and Kysely runs a transaction on its single connection).
 */
export async function lockIdentities(db: Db, workspaceId: string): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'contacts-identity:' + workspaceId}))`.execute(db);
}

/**
 * A contact (archived or not) already holding this email (case-insensitively) or external_id,
 * other than `exceptId`: the identity Intercom keeps unique per workspace.
 */
export async function findIdentityClash(
  db: Db,
  workspaceId: string,
  identity: { email?: string | null; externalId?: string | null },
  exceptId?: string,
): Promise<ContactsTable | undefined> {
  const { email, externalId } = identity;
  if (!email && !externalId) return undefined;
  let query = db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => {
      const either = [];
      if (email) either.push(eb(sql`lower(email)`, '=', email.toLowerCase()));
      if (externalId) either.push(eb('external_id', '=', externalId));
      return eb.or(either);
    });
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export async function insertContact(db: Db, row: ContactsTable): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

export async function updateContact(db: Db, workspaceId: string, id: string, changes: Partial<ContactsTable>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('contacts').set(changes).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Deletes a contact and everything hanging off it (tags, notes, subscription choices). */
export async function deleteContact(db: Db, workspaceId: string, id: string): Promise<void> {
  // Explicit deletes, so the result never depends on foreign-key enforcement (a SQLite pragma).
  await db.deleteFrom('contact_tags').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('notes').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('contact_subscriptions').where('workspace_id', '=', workspaceId).where('contact_id', '=', id).execute();
  await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Live (unarchived) contacts in (created_at, id) order, after the cursor key when given. */
export async function listLiveContacts(
  db: Db,
  workspaceId: string,
  options: { after?: { createdAt: number; id: string }; limit: number },
): Promise<{ rows: ContactWithLists[]; total: number }> {
  // The live count is kept per workspace by triggers (migration 0005): count(*) here cost
  // milliseconds per page at 100,000 contacts. No row yet means no live contacts.
  const totalRow = await db
    .selectFrom('contact_counts')
    .where('workspace_id', '=', workspaceId)
    .select('live')
    .executeTakeFirst();
  let page = selectContactsWithLists(db).where('c.workspace_id', '=', workspaceId).where('c.archived', '=', 0);
  if (options.after) {
    const { createdAt, id } = options.after;
    page = page.where((eb) =>
      eb.or([eb('c.created_at', '>', createdAt), eb.and([eb('c.created_at', '=', createdAt), eb('c.id', '>', id)])]),
    );
  }
  const rows = await page.orderBy('c.created_at').orderBy('c.id').limit(sqlLimit(options.limit)).execute();
  return { rows, total: Number(totalRow?.live ?? 0) };
}

/** The workspace's contacts (being moved onto the scope: see the kernel issue). */
export const contacts = defineStore((s) => {
  const store = {
    /**
     * The contact a request names, or 404 "User Not Found". Archived contacts are found: decision
     * (behaviour §16 leaves it open) — an archived contact leaves lists and search, but whoever holds
     * its id can still read it, annotate it and unarchive it; only deletion makes an id unknown.
     */
    async require(rawId: unknown): Promise<ContactsTable> {
      const row = isHexId(rawId) ? await findContact(s.db, s.workspaceId, rawId) : undefined;
      if (!row) throw contactNotFound();
      return row;
    },
    /** The contact as GET /contacts/{id} shows it, or 404. */
    async show(rawId: unknown): Promise<ContactWire> {
      const row = isHexId(rawId) ? await findContactWithLists(s.db, s.workspaceId, rawId) : undefined;
      if (!row) throw contactNotFound();
      return contactWire(row);
    },
    /** Which of `ids` name contacts of the workspace. */
    async existingIds(ids: string[]): Promise<Set<string>> {
      const wellFormed = ids.filter(isHexId);
      if (wellFormed.length === 0) return new Set();
      const rows = await s.from('contacts').select('id').where('id', 'in', wellFormed).execute();
      return new Set(rows.map((r) => r.id));
    },
  };
  return store;
});
