/** Companies of one workspace, and the contacts attached to them. */
import { sql } from 'kysely';
import { hexId, hexIdOf } from '../../core/ids.js';
import { defineStore, requireRow, type Scope } from '../../core/scope.js';
import type { CompaniesTable } from '../../db/schema.js';
import { companyNotFound, type CompanyRow } from './wire.js';

/** Column changes to a company (never its workspace, ids or creation time). */
export type CompanyChanges = Partial<Omit<CompaniesTable, 'workspace_id' | 'id' | 'company_id' | 'created_at'>>;

/** Companies (as `co`) with their number of attached contacts. */
function selectCompanies(s: Scope) {
  return s
    .fromAs('companies', 'co')
    .selectAll('co')
    .select(sql<number>`(SELECT count(*) FROM contact_companies AS cc WHERE cc.workspace_id = co.workspace_id AND cc.company_id = co.id)`.as('user_count'));
}

export const companies = defineStore((s) => {
  const store = {
    find: (id: string): Promise<CompanyRow | undefined> => selectCompanies(s).where('co.id', '=', id).executeTakeFirst(),

    /** The company a request names by Intercom's id, or 404 "Company Not Found"; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<CompanyRow> => requireRow(rawId, hexIdOf, store.find, companyNotFound),

    /** The company with the client's own `company_id`. */
    findByCompanyId: (companyId: string): Promise<CompanyRow | undefined> =>
      selectCompanies(s).where('co.company_id', '=', companyId).executeTakeFirst(),

    async insert(companyId: string, fields: CompanyChanges, now: number): Promise<string> {
      const id = hexId(now);
      await s.insert('companies', { session_count: 0, custom_attributes: '{}', ...fields, id, company_id: companyId, created_at: now, updated_at: now }).execute();
      return id;
    },

    async update(id: string, changes: CompanyChanges): Promise<void> {
      await s.update('companies').set(changes).where('id', '=', id).execute();
    },

    /** Deletes the company (its contact attachments go with it, by cascade); false when it was already gone. */
    async delete(id: string): Promise<boolean> {
      const result = await s.delete('companies').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
