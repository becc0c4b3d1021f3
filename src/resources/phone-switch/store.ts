/** The phone switch redirects of one workspace. */
import { defineStore } from '../../core/scope.js';
import type { PhoneCallRedirectsTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';

export const phoneCallRedirects = defineStore((s) => ({
  async insert(row: { id: string; phone: string; customAttributes: Record<string, unknown>; now: number }): Promise<void> {
    await s.insert('phone_call_redirects', { id: row.id, phone: row.phone, custom_attributes: JSON.stringify(row.customAttributes), created_at: row.now }).execute();
  },

  find: (id: string): Promise<PhoneCallRedirectsTable | undefined> => s.from('phone_call_redirects').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The most recent redirects, newest first. */
  latest: (limit: number): Promise<PhoneCallRedirectsTable[]> =>
    s.from('phone_call_redirects').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(sqlLimit(limit)).execute(),
}));
