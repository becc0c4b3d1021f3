/**
 * The contact as Intercom sends it, from a row read with its sub-lists (`selectContactsWithLists`):
 * ListContacts, SearchContacts and every single-contact response go through `contactWire`.
 */
import { jsonArrayColumn } from '../../db/dialect.js';
import type { ContactsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import type { ContactWithLists } from './store.js';

/** Intercom's 404 for a contact that a path or body names. */
export const contactNotFound = () => notFound('User Not Found');

type Schemas = components['schemas'];

/** How many items each sub-list of a contact shows inline; the rest are behind its `url`. */
export const SUB_LIST_LIMIT = 10;

interface SubItem<T extends string = string> {
  type: T;
  id: string;
  url: string;
}

const tagUrl = (id: string) => `/tags/${id}`;
const noteUrl = (id: string) => `/notes/${id}`;
const subscriptionUrl = (id: string) => `/subscription_types/${id}`;
const companyUrl = (id: string) => `/companies/${id}`;

export interface SubList<T extends string = string> {
  type: 'list';
  data: SubItem<T>[];
  url: string;
  total_count: number;
  has_more: boolean;
}

export type ContactWire = Schemas['contact'] & {
  type: 'contact';
  tags: SubList;
  notes: SubList;
  companies: Schemas['contact_companies'] & SubList<'company'>;
  opted_out_subscription_types: SubList;
  opted_in_subscription_types: SubList;
  location: Schemas['contact_location'] & { country_code: string | null; continent_code: string | null };
  utm_campaign: string | null;
  utm_content: string | null;
  utm_medium: string | null;
  utm_source: string | null;
  utm_term: string | null;
  referrer: string | null;
};

/** The first `SUB_LIST_LIMIT` of a sub-list's ids as items, with the list's total. */
function subList<T extends string>(contactId: string, sub: string, type: T, column: unknown, itemUrl: (id: string) => string): SubList<T> {
  const ids = jsonArrayColumn(column);
  return {
    type: 'list',
    data: ids.slice(0, SUB_LIST_LIMIT).map((raw) => {
      const id = String(raw);
      return { type, id, url: itemUrl(id) };
    }),
    url: `/contacts/${contactId}/${sub}`,
    total_count: ids.length,
    has_more: ids.length > SUB_LIST_LIMIT,
  };
}

const num = (v: number | null) => (v === null || v === undefined ? null : Number(v));

/** E.164-looking phones are already formatted; anything else has no formatted form. */
const formattedPhone = (phone: string | null) => {
  if (!phone) return null;
  const compact = phone.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
};

/** One contact, with the first companies it is attached to (in the order they were attached). */
export function contactWire(row: ContactWithLists): ContactWire {
  return {
    type: 'contact',
    id: row.id,
    workspace_id: row.workspace_id,
    external_id: row.external_id,
    role: row.role,
    // `email` is a non-nullable string in the schema: a contact without one has "".
    email: row.email ?? '',
    email_domain: row.email_domain ?? '',
    phone: row.phone,
    formatted_phone: formattedPhone(row.phone),
    name: row.name,
    owner_id: num(row.owner_id),
    has_hard_bounced: row.has_hard_bounced === 1,
    marked_email_as_spam: row.marked_email_as_spam === 1,
    unsubscribed_from_emails: row.unsubscribed_from_emails === 1,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    signed_up_at: num(row.signed_up_at),
    last_seen_at: num(row.last_seen_at),
    last_replied_at: num(row.last_replied_at),
    last_contacted_at: num(row.last_contacted_at),
    last_email_opened_at: num(row.last_email_opened_at),
    last_email_clicked_at: num(row.last_email_clicked_at),
    language_override: row.language_override,
    browser: row.browser,
    browser_version: row.browser_version,
    browser_language: row.browser_language,
    os: row.os,
    android_app_name: row.android_app_name,
    android_app_version: row.android_app_version,
    android_device: row.android_device,
    android_os_version: row.android_os_version,
    android_sdk_version: row.android_sdk_version,
    android_last_seen_at: num(row.android_last_seen_at),
    ios_app_name: row.ios_app_name,
    ios_app_version: row.ios_app_version,
    ios_device: row.ios_device,
    ios_os_version: row.ios_os_version,
    ios_sdk_version: row.ios_sdk_version,
    ios_last_seen_at: num(row.ios_last_seen_at),
    custom_attributes: JSON.parse(row.custom_attributes || '{}'),
    avatar: row.avatar ? { type: 'avatar', image_url: row.avatar } : null,
    tags: subList(row.id, 'tags', 'tag', row.tag_ids, tagUrl),
    notes: subList(row.id, 'notes', 'note', row.note_ids, noteUrl),
    companies: subList(row.id, 'companies', 'company', row.company_ids, companyUrl),
    opted_out_subscription_types: subList(row.id, 'subscriptions', 'subscription', row.opted_out_ids, subscriptionUrl),
    opted_in_subscription_types: subList(row.id, 'subscriptions', 'subscription', row.opted_in_ids, subscriptionUrl),
    location: {
      type: 'location',
      country: row.location_country,
      region: row.location_region,
      city: row.location_city,
      country_code: row.location_country_code,
      continent_code: row.location_continent_code,
    },
    social_profiles: { type: 'list', data: [] } as Schemas['contact_social_profiles'],
    utm_campaign: row.utm_campaign,
    utm_content: row.utm_content,
    utm_medium: row.utm_medium,
    utm_source: row.utm_source,
    utm_term: row.utm_term,
    referrer: row.referrer,
  };
}

/** A contact's identifiers: the item of `contact.deleted` (behaviour §14: identifiers only). */
export const contactIdentifiers = (row: ContactsTable) => ({ type: 'contact' as const, id: row.id, external_id: row.external_id });

/** DELETE answers `contact_deleted`; archive/unarchive `contact_archived`/`contact_unarchived`. */
export const deletedWire = (row: ContactsTable) => ({ ...contactIdentifiers(row), deleted: true });
export const archivedWire = (row: ContactsTable, archived: boolean) => ({ ...contactIdentifiers(row), archived });
