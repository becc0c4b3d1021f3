/** The visitor as Intercom sends it. */
import type { VisitorsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a visitor a query or body names. */
export const visitorNotFound = () => notFound('Visitor Not Found');

/** Intercom names anonymous visitors "<Colour> <Thing>" and gives each pseudonym its own avatar image. */
const COLOURS = ['Indigo', 'Amber', 'Coral', 'Teal', 'Violet', 'Crimson', 'Olive', 'Azure', 'Saffron', 'Jade', 'Scarlet', 'Cobalt'];
const THINGS = ['Ghost', 'Falcon', 'Comet', 'Otter', 'Lantern', 'Harbor', 'Maple', 'Pebble', 'Voyager', 'Willow', 'Nebula', 'Fox'];

/** A pseudonym picked from the visitor's id, so it never changes. */
export function pseudonymFor(id: string): string {
  const n = parseInt(id.slice(-6), 16);
  return `${COLOURS[n % COLOURS.length]} ${THINGS[Math.floor(n / COLOURS.length) % THINGS.length]}`;
}

const avatarOf = (pseudonym: string) =>
  `https://static.intercomassets.com/app/pseudonym_avatars_2019/${pseudonym.toLowerCase().replace(/\s+/g, '-')}.png`;

/**
 * One visitor. Visitors cannot be tagged, segmented or attached to companies through the API, so
 * those lists are empty; `signed_up_at` and `remote_created_at` read as the creation time, as in
 * Intercom's own examples. A visitor without an email shows `""` there (the examples again).
 */
export function visitorWire(row: VisitorsTable): components['schemas']['visitor'] & Record<string, unknown> {
  const createdAt = Number(row.created_at);
  return {
    type: 'visitor',
    id: row.id,
    user_id: row.user_id,
    anonymous: row.email === null,
    email: row.email ?? '',
    phone: row.phone,
    name: row.name,
    pseudonym: row.pseudonym,
    avatar: { type: 'avatar', image_url: avatarOf(row.pseudonym) },
    app_id: row.workspace_id,
    companies: { type: 'company.list', companies: [] },
    location_data: { type: 'location_data' },
    last_request_at: null,
    created_at: createdAt,
    remote_created_at: createdAt,
    signed_up_at: createdAt,
    updated_at: Number(row.updated_at),
    session_count: 0,
    social_profiles: { type: 'social_profile.list', social_profiles: [] },
    owner_id: null,
    unsubscribed_from_emails: false,
    marked_email_as_spam: false,
    has_hard_bounced: false,
    tags: { type: 'tag.list', tags: [] },
    segments: { type: 'segment.list', segments: [] },
    custom_attributes: JSON.parse(row.custom_attributes || '{}'),
    referrer: null,
    utm_campaign: null,
    utm_content: null,
    utm_medium: null,
    utm_source: null,
    utm_term: null,
    do_not_track: null,
  };
}
