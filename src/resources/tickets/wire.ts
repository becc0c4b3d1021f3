/** Tickets and their parts as Intercom sends them, from conversation rows loaded with their people. */
import type { ConversationPartsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { authorWire, type ConversationView, type People } from '../conversations/public.js';
import type { TicketTypeWire } from '../ticket-types/public.js';
import { STATE_LABELS, type TicketState } from './state.js';

type Schemas = components['schemas'];
export type TicketWire = Schemas['ticket'];
export type TicketPartWire = Schemas['ticket_part'];

/** Intercom's 404 for a ticket a path names. */
export const ticketNotFound = () => notFound('Ticket not found', 'ticket_not_found');

const parseJson = <T>(text: string | null, fallback: T): T => {
  try {
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
};

/** Ticket parts name contacts `user`, whatever their role (the schema's author types). */
function ticketAuthor(type: string, id: string, people: People): Schemas['ticket_part_author'] {
  const author = authorWire(type, id, people);
  return { type: author.type === 'admin' || author.type === 'bot' || author.type === 'team' ? author.type : 'user', id, name: author.name ?? null, email: author.email ?? null };
}

/**
 * One part. Parts written before the conversation became a ticket carry no ticket state; they show
 * the state the ticket started in.
 */
export function ticketPartWire(row: ConversationPartsTable, people: People): TicketPartWire {
  const part: TicketPartWire = {
    type: 'ticket_part',
    id: String(row.id),
    part_type: row.part_type,
    body: row.body,
    ticket_state: (row.ticket_state ?? 'submitted') as TicketState,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    author: ticketAuthor(row.author_type, row.author_id, people),
    attachments: parseJson(row.attachments, []),
    external_id: row.external_id,
    redacted: row.redacted === 1,
  };
  if (row.previous_ticket_state !== null) part.previous_ticket_state = row.previous_ticket_state as TicketState;
  if (row.assigned_to_type !== null) part.assigned_to = { type: row.assigned_to_type, id: row.assigned_to_id } as Schemas['reference'];
  return part;
}

/** replyTicket's answer: the part just written, in the short shape the schema gives replies. */
export function ticketReplyWire(row: ConversationPartsTable, people: People): Schemas['ticket_reply'] {
  return {
    type: 'ticket_part',
    id: String(row.id),
    part_type: row.part_type as Schemas['ticket_reply']['part_type'],
    body: row.body,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    author: ticketAuthor(row.author_type, row.author_id, people),
    attachments: parseJson(row.attachments, []),
    redacted: row.redacted === 1,
  };
}

/**
 * A ticket. Assignees are strings, "0" when unassigned (Intercom's ticket shape, unlike
 * conversations' integers); `snoozed_until` appears only while snoozed. `view.parts`, when loaded,
 * become `ticket_parts` (retrieve, create, update); lists and search leave them out.
 */
export function ticketWire(view: ConversationView, type: TicketTypeWire): TicketWire {
  const { row, people } = view;
  const state = (row.ticket_state ?? 'submitted') as TicketState;
  const wire: TicketWire = {
    type: 'ticket',
    id: String(row.id),
    ticket_id: row.ticket_number ?? '',
    category: (row.ticket_category ?? 'Customer') as TicketWire['category'],
    ticket_attributes: parseJson(row.ticket_attributes, {}),
    ticket_state: state,
    ticket_type: type,
    contacts: { type: 'contact.list', contacts: view.contactIds.map((id) => ({ type: 'contact', id, external_id: people.contacts.get(id)?.external_id ?? null })) },
    admin_assignee_id: String(row.admin_assignee_id ?? 0),
    team_assignee_id: String(row.team_assignee_id ?? 0),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    open: row.state !== 'closed',
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    is_shared: row.is_shared === 1,
    ticket_state_internal_label: STATE_LABELS[state],
    ticket_state_external_label: STATE_LABELS[state],
  };
  if (row.snoozed_until !== null) wire.snoozed_until = Number(row.snoozed_until);
  if (view.parts) {
    wire.ticket_parts = { type: 'ticket_part.list', ticket_parts: view.parts.rows.map((p) => ticketPartWire(p, people)), total_count: view.parts.total };
  }
  return wire;
}
