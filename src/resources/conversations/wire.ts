/**
 * Conversations and their parts as Intercom sends them, from rows loaded with the people they name
 * (`ConversationView`, built by the store's `load`). Tickets share the table: a conversation that is
 * a ticket shows its `ticket`, others `ticket: null`.
 */
import type { ConversationPartsTable, ConversationsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { statisticsWire } from './statistics.js';

type Schemas = components['schemas'];

/** Intercom's 404 for a conversation a path or body names. */
export const conversationNotFound = () => notFound('Resource Not Found');
/** The conversation tag operations name a missing conversation differently. */
export const conversationNotFoundForTags = () => notFound('Conversation not found');

/** Operator, Intercom's bot: the author of automatic parts (assignment rules, attribute updates, timers). */
export const OPERATOR_ID = '0';

/** Names and addresses of the people parts and sources are written by, read in one go per answer. */
export interface People {
  workspaceId: string;
  admins: Map<string, { name: string; email: string }>;
  teams: Map<string, { name: string }>;
  contacts: Map<string, { name: string | null; email: string | null; role: string; external_id: string | null }>;
}

export interface ConversationTagRow {
  tag_id: number;
  name: string;
  applied_at: number;
  applied_by: number | null;
}

/** A conversation with what its answer shows beside the row. */
export interface ConversationView {
  row: ConversationsTable;
  /** Its contacts, in the order they joined. */
  contactIds: string[];
  tags: ConversationTagRow[];
  /** Admins who wrote in it, by first contribution. */
  teammateIds: string[];
  /** Retrieve only: its most recent parts, oldest first, and how many it has. */
  parts?: { rows: ConversationPartsTable[]; total: number };
  people: People;
}

export interface WireOptions {
  /** `display_as=plaintext`: bodies without HTML. */
  plaintext?: boolean;
}

export type ConversationWire = Schemas['conversation'] & { topics: Record<string, never>; ticket: TicketReference | null };

/** How a conversation that is a ticket shows it. */
export interface TicketReference {
  type: 'ticket';
  id: string;
  ticket_id: string | null;
  category: string | null;
  ticket_state: string | null;
  ticket_type_id: string | null;
  is_shared: boolean;
}

export function authorWire(type: string, id: string, people: People): Schemas['conversation_part_author'] {
  if (type === 'admin') {
    const admin = people.admins.get(id);
    return { type: 'admin', id, name: admin?.name ?? null, email: admin?.email ?? null };
  }
  if (type === 'team') return { type: 'team', id, name: people.teams.get(id)?.name ?? null, email: null };
  if (type === 'bot') return { type: 'bot', id, name: 'Operator', email: `operator+${people.workspaceId}@intercom.io` };
  // Contacts are stored as `user` and shown with their current role, as Intercom shows leads.
  const contact = people.contacts.get(id);
  return { type: contact?.role ?? 'user', id, name: contact?.name ?? null, email: contact?.email ?? null };
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** HTML to text for `display_as=plaintext`: line breaks where blocks end, tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n+$/, '');
}

const shownBody = (body: string | null, options: WireOptions) => (body !== null && options.plaintext ? plainText(body) : body);

export function partWire(row: ConversationPartsTable, people: People, options: WireOptions = {}): Schemas['conversation_part'] {
  return {
    type: 'conversation_part',
    id: String(row.id),
    part_type: row.part_type,
    body: shownBody(row.body, options),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    notified_at: Number(row.notified_at),
    assigned_to: row.assigned_to_type === null ? undefined : { type: row.assigned_to_type, id: row.assigned_to_id },
    author: authorWire(row.author_type, row.author_id, people),
    attachments: parseJson(row.attachments, []),
    external_id: row.external_id,
    redacted: row.redacted === 1,
  };
}

function ticketReference(row: ConversationsTable): TicketReference | null {
  if (row.ticket_type_id === null) return null;
  return {
    type: 'ticket',
    id: String(row.id),
    ticket_id: row.ticket_number,
    category: row.ticket_category,
    ticket_state: row.ticket_state,
    ticket_type_id: row.ticket_type_id,
    is_shared: row.is_shared === 1,
  };
}

export function conversationWire(view: ConversationView, options: WireOptions = {}): ConversationWire {
  const { row, people } = view;
  const contacts = view.contactIds.map((id) => ({ type: 'contact' as const, id, external_id: people.contacts.get(id)?.external_id ?? null }));
  const wire: ConversationWire = {
    type: 'conversation',
    id: String(row.id),
    title: row.title,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    waiting_since: row.waiting_since === null ? null : Number(row.waiting_since),
    snoozed_until: row.snoozed_until === null ? null : Number(row.snoozed_until),
    source: {
      type: row.source_type as Schemas['conversation_source']['type'],
      id: String(row.source_id),
      delivered_as: row.source_delivered_as,
      subject: row.source_subject,
      body: shownBody(row.source_body, options) ?? '',
      author: authorWire(row.source_author_type, row.source_author_id, people),
      attachments: parseJson(row.source_attachments, []),
      url: row.source_url,
      redacted: row.source_redacted === 1,
    },
    contacts: { type: 'contact.list', contacts },
    teammates: { type: 'admin.list', teammates: view.teammateIds.map((id) => ({ type: 'admin', id })) },
    admin_assignee_id: row.admin_assignee_id === null ? null : Number(row.admin_assignee_id),
    team_assignee_id: row.team_assignee_id === null ? null : Number(row.team_assignee_id),
    open: row.state !== 'closed',
    state: row.state as ConversationWire['state'],
    read: row.read === 1,
    tags: {
      type: 'tag.list',
      tags: view.tags.map((t) => ({
        type: 'tag',
        id: String(t.tag_id),
        name: t.name,
        applied_at: Number(t.applied_at),
        applied_by: t.applied_by === null ? null : { type: 'admin', id: String(t.applied_by) },
      })),
    },
    priority: row.priority as ConversationWire['priority'],
    sla_applied: null as never,
    statistics: statisticsWire(row),
    custom_attributes: parseJson(row.custom_attributes, {}),
    topics: {},
    ticket: ticketReference(row),
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null as never,
    ai_agent_participated: false,
  };
  if (row.first_contact_reply_at !== null && row.first_contact_reply_type !== null) {
    wire.first_contact_reply = { created_at: Number(row.first_contact_reply_at), type: row.first_contact_reply_type, url: row.first_contact_reply_url };
  }
  if (view.parts) {
    wire.conversation_parts = {
      type: 'conversation_part.list',
      conversation_parts: view.parts.rows.map((p) => partWire(p, people, options)),
      total_count: view.parts.total,
    };
  }
  return wire;
}

/** The list item: the conversation without its parts. */
export function conversationListItemWire(view: ConversationView): Schemas['conversation_list_item'] {
  const { conversation_parts: _parts, ...item } = conversationWire({ ...view, parts: undefined });
  return item;
}

/** POST /conversations answers the contact's message. */
export function userMessageWire(row: ConversationsTable): Schemas['message'] {
  return {
    type: 'user_message',
    id: String(row.source_id),
    created_at: Number(row.created_at),
    subject: row.source_subject,
    body: row.source_body,
    message_type: 'inapp',
    conversation_id: String(row.id),
  };
}
