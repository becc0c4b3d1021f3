/** The workspace's one open company scroll (GET /companies/scroll). */
import { defineStore } from '../../core/scope.js';
import type { CompanyScrollsTable } from '../../db/schema.js';

export const companyScrolls = defineStore((s) => ({
  find: (): Promise<CompanyScrollsTable | undefined> => s.from('company_scrolls').selectAll().executeTakeFirst(),

  /** Opens a scroll unless one is open (not expired at `now`); false when one is. */
  async open(scrollParam: string, now: number, expiresAt: number): Promise<boolean> {
    // An expired scroll is replaced; an open one is left alone (one statement each, so two
    // concurrent first calls cannot both open one).
    const replaced = await s.update('company_scrolls').set({ scroll_param: scrollParam, after_id: null, expires_at: expiresAt }).where('expires_at', '<=', now).executeTakeFirst();
    if (Number(replaced.numUpdatedRows) > 0) return true;
    const inserted = await s
      .insert('company_scrolls', { scroll_param: scrollParam, after_id: null, expires_at: expiresAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  /** Moves the scroll `scrollParam` past `afterId`, if it is still the open one. */
  async advance(scrollParam: string, afterId: string, expiresAt: number): Promise<void> {
    await s.update('company_scrolls').set({ after_id: afterId, expires_at: expiresAt }).where('scroll_param', '=', scrollParam).execute();
  },

  async close(scrollParam: string): Promise<void> {
    await s.delete('company_scrolls').where('scroll_param', '=', scrollParam).execute();
  },
}));
