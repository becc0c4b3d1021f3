/**
 * Tags applied to contacts (the `contact_tags` table belongs to contacts): used by the contact tag
 * operations and, through contacts' public module, by POST /tags with `users`. Every application and
 * removal that changes something emits `contact.{user,lead}.tag.{created,deleted}`.
 */
import type { Ctx } from '../../core/context.js';
import type { TagsTable } from '../../db/schema.js';
import { tagWire } from '../tags/public.js';
import { contactTags, type AppliedTag } from './store-tags.js';
import { contacts } from './store.js';

/** The tag as a tagging operation returns it: with when and by whom it was applied. */
export function appliedTagWire({ tag, applied_at, applied_by }: AppliedTag) {
  return {
    type: 'tag' as const,
    id: String(tag.id),
    name: tag.name,
    applied_at: applied_at === null ? null : Number(applied_at),
    applied_by: applied_by === null ? null : { type: 'admin', id: String(applied_by) },
  };
}

/**
 * Applies and removes one tag on contacts, all already known to exist, and emits an event for every
 * contact whose tags changed: `contact.<role>.tag.created` / `.deleted` with a `contact_tag` item
 * (the tag and the contact as GET would show them now).
 */
export async function tagContacts(ctx: Ctx, tag: TagsTable, change: { apply?: string[]; remove?: string[] }): Promise<void> {
  const now = ctx.clock.now();
  const added = await contactTags(ctx).apply(Number(tag.id), change.apply ?? [], now, ctx.adminId);
  const removed = await contactTags(ctx).remove(Number(tag.id), change.remove ?? []);
  for (const [ids, what] of [[added, 'created'], [removed, 'deleted']] as const) {
    // The changed contacts as GET shows them now, read in one statement.
    for (const contact of await contacts(ctx).showMany(ids)) {
      const role = contact.role === 'lead' ? 'lead' : 'user';
      await ctx.emit(`contact.${role}.tag.${what}`, { type: 'contact_tag', created_at: now, tag: tagWire(tag), contact });
    }
  }
}
