/**
 * What a new contact starts from, and the identity check every write of an email or external_id
 * makes: shared by contacts' own handlers and by resources that create contacts (visitors converting).
 */
import type { Ctx } from '../../core/context.js';
import type { ContactsTable } from '../../db/schema.js';
import { conflict } from '../../errors.js';
import { contacts, type Identity } from './store.js';

/** 409 when another contact already holds this email or external_id (archived ones count too). */
export async function assertIdentityFree(ctx: Ctx, identity: Identity, exceptId?: string) {
  await contacts(ctx).lockIdentities();
  const clash = await contacts(ctx).findIdentityClash(identity, exceptId);
  if (!clash) return;
  if (clash.archived === 1) throw conflict(`An archived contact matching those details already exists with id=${clash.id}`);
  throw conflict(`A contact matching those details already exists with id=${clash.id}`);
}

/** Every column of a contact not set yet. */
export const EMPTY_ROW: Omit<ContactsTable, 'workspace_id' | 'id' | 'role' | 'created_at' | 'updated_at'> = {
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
