/** Companies of one workspace, and the contacts attached to them. */
import { sql } from 'kysely';
import { hexId, hexIdOf } from '../../core/ids.js';
import { defineStore, requireRow, type Scope } from '../../core/scope.js';
import { jsonArrayAgg, lockKey } from '../../db/dialect.js';
import type { CompaniesTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { companyNotFound, type CompanyRow } from './wire.js';

/** Column changes to a company (never its workspace, ids or creation time). */
export type CompanyChanges = Partial<Omit<CompaniesTable, 'workspace_id' | 'id' | 'company_id' | 'created_at'>>;

/** One value of each of a company's tags, as a JSON array in the order they were applied. */
function tagColumn(s: Scope, value: 'id' | 'name') {
  return sql`(SELECT ${jsonArrayAgg(s.engine, sql.ref(`t.${value}`), sql.raw('ct.applied_at, ct.tag_id'))}
    FROM company_tags AS ct JOIN tags AS t ON t.workspace_id = ct.workspace_id AND t.id = ct.tag_id
    WHERE ct.workspace_id = co.workspace_id AND ct.company_id = co.id)`;
}

/** Companies (as `co`) with their number of attached contacts and their tags, read by the same statement. */
function selectCompanies(s: Scope) {
  return s
    .fromAs('companies', 'co')
    .selectAll('co')
    .select(sql<number>`(SELECT count(*) FROM contact_companies AS cc WHERE cc.workspace_id = co.workspace_id AND cc.company_id = co.id)`.as('user_count'))
    .select(tagColumn(s, 'id').as('tag_ids'))
    .select(tagColumn(s, 'name').as('tag_names'));
}

export const companies = defineStore((s) => {
  const store = {
    find: (id: string): Promise<CompanyRow | undefined> => selectCompanies(s).where('co.id', '=', id).executeTakeFirst(),

    /** The company a request names by Intercom's id, or 404 "Company Not Found"; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<CompanyRow> => requireRow(rawId, hexIdOf, store.find, companyNotFound),

    /**
     * Serialises creates and updates of one `company_id` until the transaction ends, so two concurrent
     * POST /companies with a new `company_id` cannot both insert (the second updates the first's company).
     */
    lockCompanyId: (companyId: string): Promise<void> => lockKey(s.db, `companies-company-id:${s.workspaceId}:${companyId}`),

    /** The company with the client's own `company_id`. */
    findByCompanyId: (companyId: string): Promise<CompanyRow | undefined> =>
      selectCompanies(s).where('co.company_id', '=', companyId).executeTakeFirst(),

    /** The first company with exactly this name (names are not unique), by creation. */
    findByName: (name: string): Promise<CompanyRow | undefined> =>
      selectCompanies(s).where('co.name', '=', name).orderBy('co.created_at').orderBy('co.id').limit(1).executeTakeFirst(),

    /**
     * One page of the companies lists show: those with at least one contact attached (Intercom hides
     * companies without users from lists), only those with tag `tagId` when given, by
     * `last_request_at` (never set counts as 0) then id, and how many there are.
     */
    async listed(page: { offset: number; limit: number; order: 'asc' | 'desc'; tagId?: number }): Promise<{ rows: CompanyRow[]; total: number }> {
      const hasContacts = sql<boolean>`EXISTS (SELECT 1 FROM contact_companies AS cc WHERE cc.workspace_id = co.workspace_id AND cc.company_id = co.id)`;
      const tagged =
        page.tagId === undefined
          ? sql<boolean>`(1 = 1)`
          : sql<boolean>`EXISTS (SELECT 1 FROM company_tags AS ct WHERE ct.workspace_id = co.workspace_id AND ct.company_id = co.id AND ct.tag_id = ${page.tagId})`;
      const totalRow = await s
        .fromAs('companies', 'co')
        .where(hasContacts)
        .where(tagged)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const rows = await selectCompanies(s)
        .where(hasContacts)
        .where(tagged)
        .orderBy(sql`coalesce(co.last_request_at, 0)`, page.order)
        .orderBy('co.id', page.order)
        .limit(sqlLimit(page.limit))
        .offset(page.offset)
        .execute();
      return { rows, total: Number(totalRow.n) };
    },

    /** Up to `limit` companies by id, after `afterId` when given (scrolls). */
    byIdAfter(afterId: string | null, limit: number): Promise<CompanyRow[]> {
      const query = selectCompanies(s);
      return (afterId === null ? query : query.where('co.id', '>', afterId)).orderBy('co.id').limit(sqlLimit(limit)).execute();
    },

    async insert(companyId: string, fields: CompanyChanges, now: number): Promise<string> {
      const id = hexId(now);
      await s.insert('companies', { session_count: 0, custom_attributes: '{}', ...fields, id, company_id: companyId, created_at: now, updated_at: now }).execute();
      return id;
    },

    async update(id: string, changes: CompanyChanges): Promise<void> {
      await s.update('companies').set(changes).where('id', '=', id).execute();
    },

    /** Attaches a contact to a company; false when it already was. */
    async attach(contactId: string, companyId: string, now: number): Promise<boolean> {
      const result = await s
        .insert('contact_companies', { contact_id: contactId, company_id: companyId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Detaches a contact from a company; false when it was not attached. */
    async detach(contactId: string, companyId: string): Promise<boolean> {
      const result = await s.delete('contact_companies').where('contact_id', '=', contactId).where('company_id', '=', companyId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** A contact's companies, in the order they were attached, one page of them, and how many there are. */
    async ofContact(contactId: string, page: { offset: number; limit: number }): Promise<{ rows: CompanyRow[]; total: number }> {
      const attached = s.from('contact_companies').where('contact_id', '=', contactId);
      const totalRow = await attached.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await selectCompanies(s)
        .innerJoin('contact_companies as cc', (join) => join.onRef('cc.workspace_id', '=', 'co.workspace_id').onRef('cc.company_id', '=', 'co.id'))
        .where('cc.contact_id', '=', contactId)
        .orderBy('cc.created_at')
        .orderBy('co.id')
        .limit(sqlLimit(page.limit))
        .offset(page.offset)
        .execute();
      return { rows, total: Number(totalRow.n) };
    },

    /** The ids of a company's contacts, in the order they were attached, one page of them, and how many there are. */
    async contactIdsOf(companyId: string, page: { offset: number; limit: number }): Promise<{ ids: string[]; total: number }> {
      const attached = s.from('contact_companies').where('company_id', '=', companyId);
      const totalRow = await attached.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await attached.select('contact_id').orderBy('created_at').orderBy('contact_id').limit(sqlLimit(page.limit)).offset(page.offset).execute();
      return { ids: rows.map((r) => r.contact_id), total: Number(totalRow.n) };
    },

    /** Merge: the companies of contact `fromId` are attached to `intoId` too, as of when they were attached (the lead's rows go with it, by cascade). */
    async copyAttachments(fromId: string, intoId: string): Promise<void> {
      const attached = (contactId: string) => s.from('contact_companies').select(['company_id', 'created_at']).where('contact_id', '=', contactId).execute();
      const already = new Set((await attached(intoId)).map((r) => r.company_id));
      const missing = (await attached(fromId)).filter((r) => !already.has(r.company_id));
      if (missing.length === 0) return;
      await s.insert('contact_companies', missing.map((r) => ({ contact_id: intoId, company_id: r.company_id, created_at: r.created_at }))).execute();
    },

    /** Deletes the company (its contact attachments go with it, by cascade); false when it was already gone. */
    async delete(id: string): Promise<boolean> {
      const result = await s.delete('companies').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
