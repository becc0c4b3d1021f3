/** Tags applied to companies: the `company_tags` table belongs to companies. */
import { defineStore } from '../../core/scope.js';

export const companyTags = defineStore((s) => ({
  /** Applies a tag; returns the companies that did not have it (one that had it keeps its first application). */
  async apply(tagId: number, companyIds: string[], now: number): Promise<string[]> {
    const unique = [...new Set(companyIds)];
    if (unique.length === 0) return [];
    const rows = await s
      .insert('company_tags', unique.map((company_id) => ({ company_id, tag_id: tagId, applied_at: now })))
      .onConflict((oc) => oc.columns(['workspace_id', 'company_id', 'tag_id']).doNothing())
      .returning('company_id')
      .execute();
    return rows.map((r) => r.company_id);
  },

  /** Removes a tag; returns the companies that had it. */
  async remove(tagId: number, companyIds: string[]): Promise<string[]> {
    if (companyIds.length === 0) return [];
    const rows = await s.delete('company_tags').where('tag_id', '=', tagId).where('company_id', 'in', [...new Set(companyIds)]).returning('company_id').execute();
    return rows.map((r) => r.company_id);
  },
}));
