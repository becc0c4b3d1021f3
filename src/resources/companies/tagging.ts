/**
 * Tagging companies, for POST /tags with `companies` (through companies' public module). Behaviour
 * §14 has no topic for a company's tags changing, so none is recorded.
 */
import type { Ctx } from '../../core/context.js';
import type { TagsTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import { companyTags } from './store-tags.js';
import { companies } from './store.js';
import { companyNotFound } from './wire.js';

/** One entry of `companies`: Intercom's `id` or the client's `company_id`, and `untag: true` to remove. */
export interface CompanyTagItem {
  id?: unknown;
  company_id?: unknown;
  untag?: unknown;
}

/**
 * Applies `tag` to the companies listed (removes it from those with `untag: true`), all or nothing:
 * every company is found first, so an unknown one (404 "Company Not Found") changes nothing.
 */
export async function tagCompanies(ctx: Ctx, tag: TagsTable, items: CompanyTagItem[]): Promise<void> {
  const apply: string[] = [];
  const remove: string[] = [];
  for (const item of items) {
    let id: string;
    if (typeof item.id === 'string' && item.id !== '') id = (await companies(ctx).require(item.id)).id;
    else if (typeof item.company_id === 'string' && item.company_id !== '') {
      const found = await companies(ctx).findByCompanyId(item.company_id);
      if (!found) throw companyNotFound();
      id = found.id;
    } else throw badRequest('Each company needs an id or a company_id', 'parameter_invalid', 'companies');
    (item.untag === true ? remove : apply).push(id);
  }
  const now = ctx.clock.now();
  await companyTags(ctx).apply(Number(tag.id), apply, now);
  await companyTags(ctx).remove(Number(tag.id), remove);
}
