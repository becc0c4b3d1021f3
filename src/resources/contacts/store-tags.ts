/** Tags applied to contacts: the `contact_tags` table belongs to contacts. */
import { defineStore } from '../../core/scope.js';
import type { TagsTable } from '../../db/schema.js';

export interface AppliedTag {
  tag: TagsTable;
  applied_at: number | null;
  applied_by: number | null;
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
