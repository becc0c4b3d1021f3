/** The company as Intercom sends it, from a row read with its contact count (`CompanyRow`). */
import type { CompaniesTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { jsonArrayColumn } from '../../db/dialect.js';

/** Intercom's 404 for a company a path or body names. */
export const companyNotFound = () => notFound('Company Not Found', 'company_not_found');

/** A company row with how many contacts are attached to it. */
export interface CompanyRow extends CompaniesTable {
  user_count: number | string;
  /** The company's tags' ids and names, JSON arrays in the order the tags were applied. */
  tag_ids: unknown;
  tag_names: unknown;
}

const tagsOf = (row: CompanyRow) => {
  const names = jsonArrayColumn(row.tag_names);
  return jsonArrayColumn(row.tag_ids).map((id, i) => ({ type: 'tag' as const, id: String(id), name: String(names[i]) }));
};

export type CompanyWire = components['schemas']['company'] & { type: 'company' };

/**
 * One company. Fields never set show as Intercom's empty values (0, "", `plan: {}`), since the schema
 * requires them as plain integers and strings. `tags` are the tags POST /tags applied to it.
 * `segments` is empty: Intercom's company segments are made in its web UI, which this server has
 * not got, so a company is in no segment (ListAttachedSegmentsForCompanies answers the same).
 */
export function companyWire(row: CompanyRow): CompanyWire {
  return {
    type: 'company',
    id: row.id,
    app_id: row.workspace_id,
    company_id: row.company_id,
    name: row.name ?? '',
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    remote_created_at: Number(row.remote_created_at ?? 0),
    last_request_at: Number(row.last_request_at ?? 0),
    monthly_spend: Number(row.monthly_spend ?? 0),
    session_count: Number(row.session_count),
    user_count: Number(row.user_count),
    size: Number(row.size ?? 0),
    website: row.website ?? '',
    industry: row.industry ?? '',
    plan: row.plan === null ? {} : { type: 'plan', name: row.plan },
    custom_attributes: JSON.parse(row.custom_attributes || '{}'),
    tags: { type: 'tag.list', tags: tagsOf(row) },
    segments: { type: 'segment.list', segments: [] },
  };
}

/** DELETE /companies/{id}, and the `company.deleted` event: identifiers only. */
export const deletedCompany = (row: CompaniesTable) => ({ id: row.id, object: 'company' as const, deleted: true });
