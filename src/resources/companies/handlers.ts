/**
 * Companies: createOrUpdateCompany, RetrieveACompanyById, UpdateCompany, deleteCompany.
 */
import type { Ctx, Handlers } from '../../core/context.js';
import { badRequest, missingParameter } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { validateCustomAttributes } from '../data-attributes/public.js';
import { companies, type CompanyChanges } from './store.js';
import { companyNotFound, companyWire, deletedCompany, type CompanyRow } from './wire.js';

type CompanyRequest = components['schemas']['create_or_update_company_request'];

const FIELDS = new Set(['name', 'company_id', 'plan', 'size', 'website', 'industry', 'custom_attributes', 'remote_created_at', 'monthly_spend']);

/** Intercom stores `monthly_spend` as a 32-bit integer, truncating decimals. */
const MAX_MONTHLY_SPEND = 2 ** 31 - 1;

/**
 * The column changes a body asks for: unknown keys are 400 "bad '<key>' parameter" as in Intercom;
 * custom attributes are checked against the company data attributes and merged into `current`'s
 * (a null value removes one).
 */
async function changesOf(ctx: Ctx, body: CompanyRequest, current?: CompanyRow): Promise<CompanyChanges> {
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) throw badRequest(`bad '${key}' parameter`, 'bad_request', key);
  const changes: CompanyChanges = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.plan !== undefined) changes.plan = body.plan === '' ? null : body.plan;
  if (body.size !== undefined) changes.size = body.size;
  if (body.website !== undefined) changes.website = body.website;
  if (body.industry !== undefined) changes.industry = body.industry;
  if (body.remote_created_at !== undefined) changes.remote_created_at = body.remote_created_at;
  if (body.monthly_spend !== undefined) {
    const spend = Math.trunc(body.monthly_spend);
    if (spend < 0 || spend > MAX_MONTHLY_SPEND) {
      throw badRequest(`monthly_spend must be between 0 and ${MAX_MONTHLY_SPEND}`, 'parameter_invalid', 'monthly_spend');
    }
    changes.monthly_spend = spend;
  }
  if (body.custom_attributes !== undefined) {
    const values = await validateCustomAttributes(ctx, 'company', body.custom_attributes);
    const merged: Record<string, unknown> = current ? JSON.parse(current.custom_attributes || '{}') : {};
    for (const [key, value] of Object.entries(values)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    changes.custom_attributes = JSON.stringify(merged);
  }
  return changes;
}

/** The company as GET /companies/{id} shows it, read inside the write. */
async function shown(ctx: Ctx, id: string) {
  return companyWire(await companies(ctx).require(id));
}

/** Applies `body` to an existing company and records `company.updated`. */
async function updateCompany(ctx: Ctx, current: CompanyRow, body: CompanyRequest) {
  if (body.company_id !== undefined && body.company_id !== current.company_id) {
    throw badRequest("company_id can't be updated", 'parameter_invalid', 'company_id');
  }
  const changes = await changesOf(ctx, body, current);
  await companies(ctx).update(current.id, { ...changes, updated_at: ctx.clock.now() });
  const company = await shown(ctx, current.id);
  await ctx.emit('company.updated', company);
  return company;
}

export const companyHandlers: Handlers = {
  /** POST /companies: keyed on the client's `company_id`, creates the company or updates the one that has it. */
  async createOrUpdateCompany(ctx, { body }) {
    const companyId = typeof body.company_id === 'string' ? body.company_id.trim() : '';
    if (!companyId) throw missingParameter('company not specified', 'company_id');
    const existing = await companies(ctx).findByCompanyId(companyId);
    if (existing) return updateCompany(ctx, existing, { ...body, company_id: existing.company_id });
    const id = await companies(ctx).insert(companyId, await changesOf(ctx, body), ctx.clock.now());
    const company = await shown(ctx, id);
    await ctx.emit('company.created', company);
    return company;
  },

  async RetrieveACompanyById(ctx, { params }) {
    return companyWire(await companies(ctx).require(params.company_id));
  },

  async UpdateCompany(ctx, { params, body }) {
    return updateCompany(ctx, await companies(ctx).require(params.company_id), body ?? {});
  },

  /** Whether this request removed the row decides 200 or 404; attached contacts are detached by cascade. */
  async deleteCompany(ctx, { params }) {
    const company = await companies(ctx).require(params.company_id);
    if (!(await companies(ctx).delete(company.id))) throw companyNotFound();
    const deleted = deletedCompany(company);
    await ctx.emit('company.deleted', { type: 'company', id: company.id, company_id: company.company_id });
    return deleted;
  },
};

