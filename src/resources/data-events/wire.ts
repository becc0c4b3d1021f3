/** Data events and summaries as Intercom sends them. */
import type { DataEventSummariesTable, DataEventsTable } from '../../db/schema.js';
import type { components } from '../../generated/types.js';
import type { ContactsTable } from '../../db/schema.js';

/** The contact identifiers every event and summary carries. */
const identifiers = (contact: ContactsTable) => ({
  intercom_user_id: contact.id,
  ...(contact.external_id !== null ? { user_id: contact.external_id } : {}),
  ...(contact.email !== null ? { email: contact.email } : {}),
});

/** One event (GET /events, and the `event.created` item). */
export function dataEventWire(row: DataEventsTable, contact: ContactsTable): components['schemas']['data_event'] {
  return {
    type: 'event',
    event_name: row.event_name,
    created_at: Number(row.created_at),
    id: contact.id,
    ...identifiers(contact),
    metadata: JSON.parse(row.metadata),
  };
}

/** Intercom gives a summary's first and last times as ISO 8601 strings, unlike every other timestamp. */
const iso = (seconds: number | string) => new Date(Number(seconds) * 1000).toISOString();

/** GET /events?summary=true. */
export function summaryWire(contact: ContactsTable, rows: DataEventSummariesTable[]): components['schemas']['data_event_summary'] {
  return {
    type: 'event.summary',
    email: contact.email,
    intercom_user_id: contact.id,
    user_id: contact.external_id,
    events: rows.map((r) => ({ name: r.event_name, first: iso(r.first), last: iso(r.last), count: Number(r.count) })),
  };
}
