/**
 * The contact as Intercom sends it. `renderContacts` renders any number of rows with a fixed number
 * of queries (one per sub-list, whatever the number of contacts): ListContacts, SearchContacts and
 * every single-contact response go through it.
 */
import type { Db } from '../../db/database.js';
import type { ContactsTable } from '../../db/schema.js';
import type { components } from '../../generated/types.js';

type Schemas = components['schemas'];

/** How many items each sub-list of a contact shows inline; the rest are behind its `url`. */
export const SUB_LIST_LIMIT = 10;

interface SubItem {
  type: string;
  id: string;
  url: string;
}

export interface SubList {
  type: 'list';
  data: SubItem[];
  url: string;
  total_count: number;
  has_more: boolean;
}

export type ContactWire = Schemas['contact'] & {
  type: 'contact';
  tags: SubList;
  notes: SubList;
  companies: Schemas['contact_companies'] & SubList;
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

function subList(contactId: string, sub: string, items: SubItem[]): SubList {
  return {
    type: 'list',
    data: items.slice(0, SUB_LIST_LIMIT),
    url: `/contacts/${contactId}/${sub}`,
    total_count: items.length,
    has_more: items.length > SUB_LIST_LIMIT,
  };
}

const num = (v: number | null) => (v === null || v === undefined ? null : Number(v));

/** E.164-looking phones are already formatted; anything else has no formatted form. */
const formattedPhone = (phone: string | null) => {
  if (!phone) return null;
  const compact = phone.replace(/[\s().-]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
};

/** One contact, given its sub-list items. */
export function contactWire(
  row: ContactsTable,
  subs: { tags: SubItem[]; notes: SubItem[]; companies: SubItem[]; optedIn: SubItem[]; optedOut: SubItem[] },
): ContactWire {
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
    tags: subList(row.id, 'tags', subs.tags),
    notes: subList(row.id, 'notes', subs.notes),
    companies: subList(row.id, 'companies', subs.companies) as ContactWire['companies'],
    opted_out_subscription_types: subList(row.id, 'subscriptions', subs.optedOut),
    opted_in_subscription_types: subList(row.id, 'subscriptions', subs.optedIn),
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

const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Renders contacts in the order given. Three queries per 500 contacts (tags, notes, subscription
 * choices), never one per contact. Companies do not exist in this server yet: their list is empty.
 */
export async function renderContacts(db: Db, workspaceId: string, rows: ContactsTable[]): Promise<ContactWire[]> {
  const ids = [...new Set(rows.map((r) => r.id))];
  const tags = new Map<string, SubItem[]>();
  const notes = new Map<string, SubItem[]>();
  const optedIn = new Map<string, SubItem[]>();
  const optedOut = new Map<string, SubItem[]>();
  const push = (map: Map<string, SubItem[]>, key: string, item: SubItem) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  for (const batch of chunks(ids)) {
    const [tagRows, noteRows, subRows] = await Promise.all([
      db
        .selectFrom('contact_tags')
        .select(['contact_id', 'tag_id'])
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', 'in', batch)
        .orderBy('contact_id')
        .orderBy('applied_at')
        .orderBy('tag_id')
        .execute(),
      db
        .selectFrom('notes')
        .select(['contact_id', 'id'])
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', 'in', batch)
        .orderBy('contact_id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
      db
        .selectFrom('contact_subscriptions')
        .select(['contact_id', 'subscription_type_id', 'consent'])
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', 'in', batch)
        .orderBy('contact_id')
        .orderBy('subscription_type_id')
        .execute(),
    ]);
    for (const t of tagRows) push(tags, t.contact_id, { type: 'tag', id: String(t.tag_id), url: `/tags/${t.tag_id}` });
    for (const n of noteRows) push(notes, n.contact_id, { type: 'note', id: String(n.id), url: `/notes/${n.id}` });
    for (const s of subRows) {
      const item = { type: 'subscription', id: String(s.subscription_type_id), url: `/subscription_types/${s.subscription_type_id}` };
      push(s.consent === 'opt_in' ? optedIn : optedOut, s.contact_id, item);
    }
  }
  return rows.map((row) =>
    contactWire(row, {
      tags: tags.get(row.id) ?? [],
      notes: notes.get(row.id) ?? [],
      companies: [],
      optedIn: optedIn.get(row.id) ?? [],
      optedOut: optedOut.get(row.id) ?? [],
    }),
  );
}

export async function renderContact(db: Db, workspaceId: string, row: ContactsTable): Promise<ContactWire> {
  return (await renderContacts(db, workspaceId, [row]))[0];
}

/** DELETE answers `contact_deleted`; archive/unarchive `contact_archived`/`contact_unarchived`. */
export const deletedWire = (row: ContactsTable) => ({ type: 'contact' as const, id: row.id, external_id: row.external_id, deleted: true });
export const archivedWire = (row: ContactsTable, archived: boolean) => ({
  type: 'contact' as const,
  id: row.id,
  external_id: row.external_id,
  archived,
});
