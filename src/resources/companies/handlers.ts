/**
 * Companies: createOrUpdateCompany, RetrieveACompanyById, UpdateCompany, deleteCompany, and the
 * contacts attached to them (attachContactToACompany, detachContactFromACompany,
 * listCompaniesForAContact, ListAttachedContacts), and the lists (retrieveCompany, listAllCompanies,
 * scrollOverAllCompanies).
 */
import { readOnly, type Ctx, type Handlers } from '../../core/context.js';
import { randomUUID } from 'node:crypto';
import { ApiError, badRequest, missingParameter } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { linkedPage, numberedPage, pageNumber, pageOffset, perPage } from '../../http/pagination.js';
import { contacts, type ContactWire } from '../contacts/public.js';
import { segments } from '../segments/public.js';
import { tags } from '../tags/public.js';
import { validateCustomAttributes } from '../data-attributes/public.js';
import { companyScrolls } from './store-scroll.js';
import { companies, type CompanyChanges } from './store.js';
import { companyNotFound, companyWire, deletedCompany, type CompanyRow, type CompanyWire } from './wire.js';

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

const throwNotFound = (): never => {
  throw companyNotFound();
};

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

/** Company lists (POST /companies/list, GET /companies): 15 per page by default (behaviour §4). */
const COMPANIES_PER_PAGE = 15;

/** `order` of a company list: by last request, newest first unless `asc`. */
function listOrder(raw: unknown): 'asc' | 'desc' {
  if (raw === undefined || raw === '' || raw === 'desc') return 'desc';
  if (raw === 'asc') return 'asc';
  throw badRequest('order must be asc or desc', 'parameter_invalid', 'order');
}

/** One page of the companies lists show. Past the end is a 200 with no items: the SDK stops there. */
async function companyList(ctx: Ctx, query: { page?: number; per_page?: number; order?: string }, tagId?: number) {
  const page = pageNumber(query.page);
  const limit = perPage(query.per_page, COMPANIES_PER_PAGE);
  const { rows, total } = await companies(ctx).listed({ offset: pageOffset(page, limit), limit, order: listOrder(query.order), tagId });
  return { type: 'list' as const, data: rows.map(companyWire), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
}

/** A scroll's page, and how long it stays open unused (behaviour §4: a minute). */
const SCROLL_PAGE_SIZE = 15;
const SCROLL_IDLE_SECONDS = 60;

/** The attach and detach lists: page-number pagination, 50 per page by default (the spec's examples). */
const ATTACHED_PER_PAGE = 50;

/** What `company.contact.attached`/`detached` carry: the pair as the API shows each side. */
const contactCompany = (ctx: Ctx, company: CompanyWire, contact: ContactWire) => ({ type: 'contact_company', created_at: ctx.clock.now(), company, contact });

export const companyHandlers: Handlers = {
  /** POST /companies: keyed on the client's `company_id`, creates the company or updates the one that has it. */
  async createOrUpdateCompany(ctx, { body }) {
    const companyId = typeof body.company_id === 'string' ? body.company_id.trim() : '';
    if (!companyId) throw missingParameter('company not specified', 'company_id');
    await companies(ctx).lockCompanyId(companyId);
    const existing = await companies(ctx).findByCompanyId(companyId);
    if (existing) return updateCompany(ctx, existing, { ...body, company_id: existing.company_id });
    const id = await companies(ctx).insert(companyId, await changesOf(ctx, body), ctx.clock.now());
    const company = await shown(ctx, id);
    await ctx.emit('company.created', company);
    return company;
  },

  /**
   * GET /companies: by `company_id` or `name`, the one company (404 when none); otherwise a page list,
   * of the companies with tag `tag_id` when given. A company is in no segment (see companyWire), so a
   * `segment_id` filter, once the segment is found, lists none.
   */
  async retrieveCompany(ctx, { query }) {
    if (query.company_id !== undefined) return companyWire((await companies(ctx).findByCompanyId(query.company_id)) ?? throwNotFound());
    if (query.name !== undefined) return companyWire((await companies(ctx).findByName(query.name)) ?? throwNotFound());
    const tagId = query.tag_id === undefined ? undefined : Number((await tags(ctx).require(query.tag_id)).id);
    if (query.segment_id !== undefined) {
      await segments(ctx).require(query.segment_id);
      const page = pageNumber(query.page);
      const limit = perPage(query.per_page, COMPANIES_PER_PAGE);
      return { type: 'list', data: [], total_count: 0, pages: numberedPage({ page, perPage: limit, totalCount: 0 }) };
    }
    return companyList(ctx, query, tagId);
  },

  listAllCompanies: readOnly(async (ctx, { query }) => companyList(ctx, query)),

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

  /** POST /contacts/{id}/companies `{id}`: attaching twice is harmless (the company is answered again, no event). */
  async attachContactToACompany(ctx, { params, body }) {
    const contact = await contacts(ctx).require(params.contact_id);
    if (typeof body.id !== 'string' || body.id === '') throw missingParameter('company not specified', 'id');
    const target = await companies(ctx).require(body.id);
    const attached = await companies(ctx).attach(contact.id, target.id, ctx.clock.now());
    const company = await shown(ctx, target.id);
    if (attached) await ctx.emit('company.contact.attached', contactCompany(ctx, company, await contacts(ctx).show(contact.id)));
    return company;
  },

  /**
   * DELETE /contacts/{id}/companies/{company_id}: detaching a company the contact is not attached to
   * is a no-op that still answers with the company (as detaching a tag does), and records no event.
   */
  async detachContactFromACompany(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const target = await companies(ctx).require(params.company_id);
    const detached = await companies(ctx).detach(contact.id, target.id);
    const company = await shown(ctx, target.id);
    if (detached) await ctx.emit('company.contact.detached', contactCompany(ctx, company, await contacts(ctx).show(contact.id)));
    return company;
  },

  /** The schema's key is `companies` (the official SDK reads it), not the example's `data`. */
  async listCompaniesForAContact(ctx, { params, query }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, ATTACHED_PER_PAGE);
    const { rows, total } = await companies(ctx).ofContact(contact.id, { offset: pageOffset(page, limit), limit });
    const pages = linkedPage({ page, perPage: limit, totalCount: total, path: `/contacts/${contact.id}/companies` });
    return { type: 'list', companies: rows.map(companyWire), total_count: total, pages };
  },

  /** The segments a company is in: none, since a company is in no segment here (see companyWire). */
  async ListAttachedSegmentsForCompanies(ctx, { params }) {
    const company = companyWire(await companies(ctx).require(params.company_id));
    const data = company.segments?.segments ?? [];
    return { type: 'list', data, total_count: data.length };
  },

  async ListAttachedContacts(ctx, { params, query }) {
    const company = await companies(ctx).require(params.company_id);
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, ATTACHED_PER_PAGE);
    const { ids, total } = await companies(ctx).contactIdsOf(company.id, { offset: pageOffset(page, limit), limit });
    const data = await contacts(ctx).showMany(ids);
    return { type: 'list', data, total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },
  /**
   * GET /companies/scroll: every company once, by id, 15 at a time. One scroll is open per
   * workspace: starting another while it is open is 400 `scroll_exists`; a scroll idle for a minute
   * (on the workspace clock) expires. The call after the last company answers no items and
   * `scroll_param: null` (the SDK stops there), and closes the scroll.
   */
  async scrollOverAllCompanies(ctx, { query }) {
    const now = ctx.clock.now();
    let param: string;
    let after: string | null = null;
    if (query.scroll_param === undefined || query.scroll_param === '') {
      param = randomUUID();
      if (!(await companyScrolls(ctx).open(param, now, now + SCROLL_IDLE_SECONDS))) {
        throw new ApiError('scroll_exists', 'A scroll is already open for this workspace: finish it, or start again once it has been idle for a minute');
      }
    } else {
      const open = await companyScrolls(ctx).find();
      if (!open || open.scroll_param !== query.scroll_param || Number(open.expires_at) <= now) {
        throw badRequest('scroll_param is unknown or has expired: start a new scroll', 'parameter_invalid', 'scroll_param');
      }
      param = open.scroll_param;
      after = open.after_id;
    }
    const rows = await companies(ctx).byIdAfter(after, SCROLL_PAGE_SIZE);
    if (rows.length === 0) {
      await companyScrolls(ctx).close(param);
      return { type: 'list', data: [], total_count: null, scroll_param: null };
    }
    await companyScrolls(ctx).advance(param, rows[rows.length - 1].id, now + SCROLL_IDLE_SECONDS);
    return { type: 'list', data: rows.map(companyWire), total_count: null, scroll_param: param };
  },
};
