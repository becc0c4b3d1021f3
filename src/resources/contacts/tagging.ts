/**
 * Tags applied to contacts (the `contact_tags` table belongs to contacts): used by the contact tag
 * operations and, through contacts' public module, by POST /tags with `users`. Every application and
 * removal that changes something emits `contact.{user,lead}.tag.{created,deleted}`.
 */
import type { Ctx } from '../../core/context.js';
import { defineStore } from '../../core/scope.js';
import type { TagsTable } from '../../db/schema.js';
import { tagWire } from '../tags/public.js';
import { contacts } from './store.js';

export interface AppliedTag {
  tag: TagsTable;
  applied_at: number | null;
  applied_by: number | null;
}

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

export const contactTags = defineStore((s) => ({
  /** Applies a tag; returns the contacts that did not have it (a contact that had it keeps its original application). */
  async apply(tagId: number, contactIds: string[], now: number, adminId: number): Promise<string[]> {
    const unique = [...new Set(contactIds)];
    if (unique.length === 0) return [];
    const rows = await s
      .insert('contact_tags', unique.map((contact_id) => ({ contact_id, tag_id: tagId, applied_at: now, applied_by: adminId })))
      .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'tag_id']).doNothing())
      .returning('contact_id')
      .execute();
    return rows.map((r) => r.contact_id);
  },

  /** Removes a tag; returns the contacts that had it. */
  async remove(tagId: number, contactIds: string[]): Promise<string[]> {
    if (contactIds.length === 0) return [];
    const rows = await s.delete('contact_tags').where('tag_id', '=', tagId).where('contact_id', 'in', contactIds).returning('contact_id').execute();
    return rows.map((r) => r.contact_id);
  },

  /** The tags on one contact, oldest application first. */
  async of(contactId: string): Promise<AppliedTag[]> {
    const rows = await s
      .fromAs('contact_tags', 'ct')
      .innerJoin('tags as t', (j) => j.onRef('t.workspace_id', '=', 'ct.workspace_id').onRef('t.id', '=', 'ct.tag_id'))
      .selectAll('t')
      .select(['ct.applied_at', 'ct.applied_by'])
      .where('ct.contact_id', '=', contactId)
      .orderBy('ct.applied_at')
      .orderBy('t.id')
      .execute();
    return rows.map(({ applied_at, applied_by, ...tag }) => ({ tag, applied_at, applied_by }));
  },

  /** Merge: the lead's tags that the user lacks move to the user. */
  async copy(fromId: string, intoId: string): Promise<void> {
    const rows = await s.from('contact_tags').selectAll().where('contact_id', '=', fromId).execute();
    if (rows.length === 0) return;
    await s
      .insert('contact_tags', rows.map(({ workspace_id: _, ...t }) => ({ ...t, contact_id: intoId })))
      .onConflict((oc) => oc.columns(['workspace_id', 'contact_id', 'tag_id']).doNothing())
      .execute();
  },
}));

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
    for (const id of ids) {
      const contact = await contacts(ctx).show(id);
      const role = contact.role === 'lead' ? 'lead' : 'user';
      await ctx.emit(`contact.${role}.tag.${what}`, { type: 'contact_tag', created_at: now, tag: tagWire(tag), contact });
    }
  }
}
