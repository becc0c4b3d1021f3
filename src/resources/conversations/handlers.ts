/**
 * Conversations: createConversation, retrieveConversation, listConversations, updateConversation,
 * searchConversations, autoAssignConversation, attachContactToConversation,
 * detachContactFromConversation and redactConversation. Replies and state changes are in
 * handlers-parts.ts, tags in handlers-tags.ts, messages in handlers-messages.ts.
 */
import { readOnly, type Ctx, type Handlers } from '../../core/context.js';
import { ApiError, badRequest, unprocessable } from '../../errors.js';
import { cursorPage, decodeCursor, perPage } from '../../http/pagination.js';
import { defineSearch } from '../../search/define.js';
import { contacts } from '../contacts/public.js';
import { emitTicketTopics } from '../tickets/public.js';
import { act, applyAction, emitTopics, showConversation, writerOf, type Writer } from './apply.js';
import { attachmentsOf, REDACTED_BODY } from './body.js';
import { messageHandlers } from './handlers-messages.js';
import { partHandlers } from './handlers-parts.js';
import { tagHandlers } from './handlers-tags.js';
import { contactOf, requireAdmin } from './people.js';
import { startByContact } from './start.js';
import { CONVERSATION_ALIAS, conversationFields, searchableConversations } from './store-search.js';
import { conversations } from './store.js';
import { conversationListItemWire, OPERATOR_ID, userMessageWire } from './wire.js';

/** GET /conversations: 20 a page by default (behaviour §4), at most 150. */
const CONVERSATIONS_PER_PAGE = 20;

/** Custom attribute values: text (at most 255 characters), numbers, booleans; null removes one. */
const MAX_ATTRIBUTE_LENGTH = 255;

const searchRows = defineSearch({
  alias: CONVERSATION_ALIAS,
  fields: conversationFields,
  base: searchableConversations,
  idKind: 'numeric',
  defaultSort: { field: 'created_at', order: 'descending' },
  defaultPerPage: 20,
  list: { type: 'conversation.list', key: 'conversations' },
  // The page's rows are loaded with their contacts, tags and people below, in one go.
  wire: (row) => row,
});

const plaintextOf = (displayAs: unknown) => displayAs === 'plaintext';

/**
 * Tickets are conversations: a contact added to or removed from one through the conversation
 * endpoints is a ticket's contact change too, which ticket subscribers hear of with the ticket.
 */
async function tellTicketSubscribers(w: Writer, row: { id: number; ticket_type_id: string | null }, topic: 'ticket.contact.attached' | 'ticket.contact.detached') {
  if (row.ticket_type_id === null) return;
  await emitTicketTopics(w, (await conversations(w).find(Number(row.id)))!, [topic]);
}

/** The merged custom attributes a PUT asks for, and the names whose value changed. */
function mergedAttributes(current: string, input: Record<string, unknown>): { merged: Record<string, unknown>; changed: string[] } {
  const merged = JSON.parse(current || '{}') as Record<string, unknown>;
  const changed: string[] = [];
  for (const [name, value] of Object.entries(input)) {
    const scalar = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string';
    if (!scalar) throw badRequest(`Conversation attribute '${name}' must be a string, number, boolean or null`, 'parameter_invalid', `custom_attributes.${name}`);
    if (typeof value === 'string' && value.length > MAX_ATTRIBUTE_LENGTH) {
      throw badRequest(`Conversation attribute '${name}' is longer than ${MAX_ATTRIBUTE_LENGTH} characters`, 'parameter_invalid', `custom_attributes.${name}`);
    }
    if (value === null) {
      if (!(name in merged)) continue;
      delete merged[name];
    } else {
      if (merged[name] === value) continue;
      merged[name] = value;
    }
    changed.push(name);
  }
  return { merged, changed };
}

async function listed(ctx: Ctx, rows: Awaited<ReturnType<ReturnType<typeof conversations>['listed']>>['rows']) {
  return (await conversations(ctx).load(rows)).map(conversationListItemWire);
}

const core: Handlers = {
  /**
   * A contact starts a conversation (in-app): the conversation opens waiting for an answer, with the
   * message as its source. Answers the contact's message; records `conversation.user.created`.
   */
  async createConversation(ctx, { body }) {
    const contact = await contacts(ctx).require(body.from.id);
    if (typeof body.body !== 'string' || body.body.trim() === '') throw badRequest('Body is required', 'parameter_invalid', 'body');
    const w = { ...writerOf(ctx), now: body.created_at ?? ctx.clock.now() };
    const row = await startByContact(w, contact, { body: body.body, subject: body.subject, attachments: attachmentsOf(body.attachment_urls) });
    return userMessageWire(row);
  },

  async retrieveConversation(ctx, { params, query }) {
    const row = await conversations(ctx).require(params.conversation_id);
    return showConversation(ctx, row, { plaintext: plaintextOf(query.display_as) });
  },

  /** Newest activity first (`updated_at`, then id), cursor pages. */
  async listConversations(ctx, { query }) {
    const limit = perPage(query.per_page, CONVERSATIONS_PER_PAGE);
    const isKey = (key: unknown[]) => key.length === 2 && key.every((k) => Number.isSafeInteger(k));
    const cursor = decodeCursor(query.starting_after, isKey);
    const after = cursor ? { updatedAt: cursor.key[0] as number, id: cursor.key[1] as number } : undefined;
    const { rows, total } = await conversations(ctx).listed({ after, limit: limit + 1 });
    const { items, pages } = cursorPage(rows, { perPage: limit, page: cursor?.page ?? 1, totalCount: total, keyOf: (r) => [Number(r.updated_at), Number(r.id)] });
    return { type: 'conversation.list', conversations: await listed(ctx, items), total_count: total, pages };
  },

  /**
   * `read` and `custom_attributes` (merged; null removes one). Each changed attribute writes Intercom's
   * `conversation_attribute_updated_by_admin` part, by Operator. No topic of §14 covers it.
   */
  async updateConversation(ctx, { params, query, body }) {
    let row = await conversations(ctx).require(params.conversation_id);
    const w = writerOf(ctx);
    if (body?.custom_attributes !== undefined) {
      if (body.custom_attributes === null || typeof body.custom_attributes !== 'object' || Array.isArray(body.custom_attributes)) {
        throw badRequest('custom_attributes must be an object', 'parameter_invalid', 'custom_attributes');
      }
      const { merged, changed } = mergedAttributes(row.custom_attributes, body.custom_attributes);
      if (changed.length > 0) {
        await conversations(ctx).update(Number(row.id), { custom_attributes: JSON.stringify(merged), updated_at: w.now });
        for (const name of changed) {
          await applyAction(w, (await conversations(ctx).find(Number(row.id)))!, { kind: 'attribute_updated', name }, { type: 'bot', id: OPERATOR_ID });
        }
      }
    }
    if (body?.read !== undefined && (body.read ? 1 : 0) !== row.read) {
      await conversations(ctx).update(Number(row.id), { read: body.read ? 1 : 0, updated_at: w.now });
    }
    row = (await conversations(ctx).find(Number(row.id)))!;
    return showConversation(ctx, row, { plaintext: plaintextOf(query.display_as) });
  },

  searchConversations: readOnly(async (ctx, { body }) => {
    const page = await searchRows(ctx, body);
    return { ...page, conversations: await listed(ctx, page.conversations) };
  }),

  /**
   * This workspace has no assignment rules, so running them matches none: as Intercom does then,
   * Operator assigns the conversation to nobody (`default_assignment`, assigned to `nobody_admin`).
   */
  async autoAssignConversation(ctx, { params }) {
    const row = await conversations(ctx).require(params.conversation_id);
    return act(writerOf(ctx), row, { kind: 'default_assignment' }, { type: 'bot', id: OPERATOR_ID });
  },

  /** Adds a contact (an unknown email becomes a new lead); a contact already taking part changes nothing. */
  async attachContactToConversation(ctx, { params, body }) {
    const row = await conversations(ctx).require(params.conversation_id);
    const admin = body?.admin_id === undefined ? undefined : await requireAdmin(ctx, body.admin_id);
    if (!body?.customer) throw badRequest('customer is a required parameter.', 'parameter_not_found', 'customer');
    const contact = await contactOf(ctx, body.customer, { createLeadForEmail: true });
    const w = writerOf(ctx);
    if (!(await conversations(ctx).addContact(Number(row.id), contact.id, w.now))) return showConversation(ctx, row);
    const actor = admin ? { type: 'admin' as const, id: String(admin.id) } : { type: 'bot' as const, id: OPERATOR_ID };
    const shown = await act(w, row, { kind: 'participant_added', contactId: contact.id }, actor);
    await tellTicketSubscribers(w, row, 'ticket.contact.attached');
    return shown;
  },

  /** Removes a contact; never the last one (422, as Intercom). A contact not taking part changes nothing. */
  async detachContactFromConversation(ctx, { params, body }) {
    const row = await conversations(ctx).require(params.conversation_id);
    const admin = await requireAdmin(ctx, body?.admin_id);
    const contact = await contacts(ctx).require(params.contact_id);
    const current = await conversations(ctx).contactIdsOf(Number(row.id));
    if (!current.includes(contact.id)) return showConversation(ctx, row);
    if (current.length === 1) throw unprocessable('Removing the last customer is not allowed', 'parameter_invalid', 'contact_id');
    await conversations(ctx).removeContact(Number(row.id), contact.id);
    const w = writerOf(ctx);
    const shown = await act(w, row, { kind: 'participant_removed', contactId: contact.id }, { type: 'admin', id: String(admin.id) });
    await tellTicketSubscribers(w, row, 'ticket.contact.detached');
    return shown;
  },

  /**
   * Redacts a part (it must have a body) or the source (it must be the contact's): the text becomes
   * Intercom's "This message was deleted", `redacted: true`. Records `conversation_part.redacted`.
   */
  async redactConversation(ctx, { body }) {
    const row = await conversations(ctx).require(body.conversation_id);
    const notFound = () => new ApiError('conversation_part_or_message_not_found', 'Conversation part or message not found');
    const notRedactable = () => new ApiError('conversation_part_not_redactable', 'Conversation part or message is not redactable');
    const w = writerOf(ctx);
    if (body.type === 'source') {
      if (String(row.source_id) !== String(body.source_id)) throw notFound();
      if (row.source_author_type !== 'user') throw notRedactable();
      await conversations(ctx).redactSource(Number(row.id), REDACTED_BODY, w.now);
    } else {
      const partId = /^\d{1,15}$/.test(String(body.conversation_part_id)) ? Number(body.conversation_part_id) : undefined;
      const part = partId === undefined ? undefined : await conversations(ctx).findPart(Number(row.id), partId);
      if (!part) throw notFound();
      if (part.body === null || part.body === '') throw notRedactable();
      await conversations(ctx).redactPart(Number(part.id), REDACTED_BODY, w.now);
    }
    await conversations(ctx).update(Number(row.id), { updated_at: w.now });
    return emitTopics(w, (await conversations(ctx).find(Number(row.id)))!, ['conversation_part.redacted']);
  },
};

export const conversationHandlers: Handlers = { ...core, ...partHandlers, ...tagHandlers, ...messageHandlers };
