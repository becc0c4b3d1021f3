/** Creating a contact row: the empty values of every column, and the one insert other resources use. */
import type { Ctx } from '../../core/context.js';
import { hexId } from '../../core/ids.js';
import type { ContactsTable } from '../../db/schema.js';
import { contacts } from './store.js';
import type { ContactWire } from './wire.js';

export const EMPTY_CONTACT: Omit<ContactsTable, 'workspace_id' | 'id' | 'role' | 'created_at' | 'updated_at'> = {
  email: null, email_domain: null, external_id: null, phone: null, name: null, avatar: null, owner_id: null,
  has_hard_bounced: 0, marked_email_as_spam: 0, unsubscribed_from_emails: 0,
  signed_up_at: null, last_seen_at: null, last_replied_at: null, last_contacted_at: null,
  last_email_opened_at: null, last_email_clicked_at: null, language_override: null,
  browser: null, browser_version: null, browser_language: null, os: null,
  android_app_name: null, android_app_version: null, android_device: null, android_os_version: null,
  android_sdk_version: null, android_last_seen_at: null, ios_app_name: null, ios_app_version: null,
  ios_device: null, ios_os_version: null, ios_sdk_version: null, ios_last_seen_at: null,
  location_country: null, location_region: null, location_city: null, location_country_code: null,
  location_continent_code: null, utm_campaign: null, utm_content: null, utm_medium: null, utm_source: null,
  utm_term: null, referrer: null, custom_attributes: '{}', archived: 0,
};

/**
 * The contact holding `email`, or a new lead with it (Intercom creates a lead when a conversation
 * names an unknown email). A new lead records `contact.lead.created`.
 */
export async function findOrCreateLeadByEmail(ctx: Ctx, email: string): Promise<ContactsTable> {
  const store = contacts(ctx);
  await store.lockIdentities();
  const existing = await store.findIdentityClash({ email });
  if (existing) return existing;
  const now = ctx.clock.now();
  const id = hexId(now);
  const at = email.lastIndexOf('@');
  await store.insert({ ...EMPTY_CONTACT, id, role: 'lead', email, email_domain: at >= 0 ? email.slice(at + 1) : null, created_at: now, updated_at: now });
  const shown: ContactWire = await store.show(id);
  await ctx.emit('contact.lead.created', shown);
  return (await store.find(id))!;
}
