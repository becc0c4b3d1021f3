/**
 * Tickets: createTicket, getTicket, updateTicket, replyTicket, searchTickets, attachTagToTicket,
 * detachTagFromTicket, and convertConversationToTicket. A ticket is a conversation with a ticket type
 * (one table, one id space); every change goes through the ticket state machine (state.ts).
 */
import { readOnly, type Ctx, type Handlers, type Input } from '../../core/context.js';
import { numericId } from '../../core/ids.js';
import { badRequest, notFound } from '../../errors.js';
import { defineSearch } from '../../search/define.js';
import { admins } from '../admins/public.js';
import { companies } from '../companies/public.js';
import { attachmentsOf, contactOf, conversations, OPERATOR_ID, storedBody, writerOf, type Actor, type ContactKey } from '../conversations/public.js';
import { tags } from '../tags/public.js';
import { applyTicketAction, emitTicketTopics, showTicket, showTicketList } from './apply.js';
import { convertToTicket, createTicketFor, usableType } from './create.js';
import { TicketRuleError, type TicketAction } from './state.js';
import { TICKET_ALIAS, searchableTickets, ticketFields } from './store-search.js';
import { tickets } from './store.js';
import { ticketReplyWire } from './wire.js';
import { updateTicketWith } from './update.js';

type ReplyBody = NonNullable<Input<'replyTicket'>['body']>;

/** POST /tickets/search: 20 a page by default (behaviour §4), newest first. */
const searchRows = defineSearch({
  alias: TICKET_ALIAS,
  fields: ticketFields,
  base: searchableTickets,
  idKind: 'numeric',
  defaultSort: { field: 'created_at', order: 'descending' },
  defaultPerPage: 20,
  list: { type: 'ticket.list', key: 'tickets' },
  // The page's rows are loaded with their contacts, types and people below, in one go.
  wire: (row) => row,
});

/** replyTicket names a missing ticket with Intercom's generic 404 (the spec's example). */
const replyNotFound = () => notFound('Resource Not Found');
const tagNotFound = () => notFound('Tag not found', 'tag_not_found');

/** What a reply writes: an admin's comment, note or quick reply, or a contact's comment. */
async function replyAction(ctx: Ctx, body: ReplyBody, category: string | null): Promise<{ action: TicketAction; actor: Actor }> {
  const attachments = attachmentsOf(body.attachment_urls);
  const text = typeof body.body === 'string' ? body.body : '';
  const stored = text.trim() === '' ? '' : storedBody(text);
  if (body.type === 'admin') {
    const admin = await admins(ctx).require(body.admin_id);
    const actor: Actor = { type: 'admin', id: String(admin.id) };
    if (body.cross_post && !(body.message_type === 'note' && category === 'Back-office')) {
      throw badRequest('cross_post applies to notes on Back-office tickets only', 'parameter_invalid', 'cross_post');
    }
    if (body.message_type === 'quick_reply') {
      if (!Array.isArray(body.reply_options) || body.reply_options.length === 0) {
        throw badRequest('reply_options are required for a quick_reply', 'parameter_not_found', 'reply_options');
      }
      return { action: { kind: 'quick_reply', attachments }, actor };
    }
    if (stored === '' && attachments.length === 0) throw badRequest('Body is required', 'parameter_invalid', 'body');
    return { action: body.message_type === 'note' ? { kind: 'admin_note', body: stored, attachments } : { kind: 'admin_comment', body: stored, attachments }, actor };
  }
  const contact = await contactOf(ctx, body as ContactKey);
  if (stored === '' && attachments.length === 0) throw badRequest('Body is required', 'parameter_invalid', 'body');
  return { action: { kind: 'contact_reply', body: stored, attachments }, actor: { type: 'user', id: contact.id } };
}

export const ticketHandlers: Handlers = {
  /**
   * A ticket for exactly one contact (by id, external_id, or email: an unknown email becomes a new
   * lead), submitted, with its attributes checked against its type. Records `ticket.created`.
   */
  async createTicket(ctx, { body }) {
    const { type, values } = await usableType(ctx, body.ticket_type_id, body.ticket_attributes);
    if (!Array.isArray(body.contacts) || body.contacts.length !== 1) {
      throw badRequest('A ticket must have exactly one contact', 'parameter_invalid', 'contacts');
    }
    const key = body.contacts[0] as { id?: string; external_id?: string; email?: string };
    const contact = await contactOf(ctx, { intercom_user_id: key.id, user_id: key.external_id, email: key.email }, { createLeadForEmail: true });
    if (body.company_id !== undefined) await companies(ctx).require(body.company_id);
    const now = ctx.clock.now();
    const createdAt = body.created_at ?? now;
    if (!Number.isSafeInteger(createdAt) || createdAt <= 0) throw badRequest('created_at must be a unix timestamp (seconds)', 'parameter_invalid', 'created_at');
    return createTicketFor(ctx, contact.id, type, values, createdAt);
  },

  async getTicket(ctx, { params }) {
    return showTicket(ctx, await tickets(ctx).require(params.ticket_id));
  },

  async updateTicket(ctx, { params, body }) {
    const row = await tickets(ctx).require(params.ticket_id);
    return updateTicketWith(ctx, row, body ?? {});
  },

  /**
   * Answers the part written. A contact may not reply on a Back-office ticket (400
   * `parameter_mismatch`, Intercom's words). Records `ticket.admin.replied`, `ticket.note.created` or
   * `ticket.contact.replied`.
   */
  async replyTicket(ctx, { params, body }) {
    const row = await tickets(ctx).require(params.ticket_id, replyNotFound);
    const request = body!;
    if (request.type !== 'admin' && row.ticket_category === 'Back-office') {
      throw badRequest('User replies are not allowed on Backoffice tickets', 'parameter_mismatch');
    }
    const { action, actor } = await replyAction(ctx, request, row.ticket_category);
    const w = { ...writerOf(ctx), now: request.created_at ?? ctx.clock.now() };
    let applied;
    try {
      applied = await applyTicketAction(w, row, action, actor);
    } catch (error) {
      if (error instanceof TicketRuleError) throw badRequest(error.message, 'parameter_invalid');
      throw error;
    }
    await emitTicketTopics(w, applied.row, applied.topics);
    const [view] = await conversations(ctx).load([applied.row], { withParts: true });
    return ticketReplyWire(applied.parts[0], view.people);
  },

  searchTickets: readOnly(async (ctx, { body }) => {
    const found = await searchRows(ctx, body);
    return { ...found, tickets: await showTicketList(ctx, found.tickets) };
  }),

  /** Tags the ticket (again is a no-op). §14 has no topic for it. */
  async attachTagToTicket(ctx, { params, body }) {
    const row = await tickets(ctx).require(params.ticket_id);
    const admin = await admins(ctx).require(body?.admin_id);
    const tag = await tags(ctx).require(body?.id);
    const now = ctx.clock.now();
    if (await conversations(ctx).addTag(Number(row.id), Number(tag.id), Number(admin.id), now)) {
      await conversations(ctx).update(Number(row.id), { updated_at: now });
    }
    return { type: 'tag', id: String(tag.id), name: tag.name, applied_at: now, applied_by: { type: 'admin', id: String(admin.id) } };
  },

  /** Untags the ticket (a tag it does not have changes nothing); a missing tag is 404 `tag_not_found`. */
  async detachTagFromTicket(ctx, { params, body }) {
    const row = await tickets(ctx).require(params.ticket_id);
    await admins(ctx).require(body?.admin_id);
    const tagId = numericId(params.tag_id);
    const tag = tagId === undefined ? undefined : await tags(ctx).find(tagId);
    if (!tag) throw tagNotFound();
    if (await conversations(ctx).removeTag(Number(row.id), Number(tag.id))) {
      await conversations(ctx).update(Number(row.id), { updated_at: ctx.clock.now() });
    }
    return { type: 'tag', id: String(tag.id), name: tag.name, applied_at: null, applied_by: null };
  },

  /**
   * The conversation becomes a ticket of a Customer type (400 otherwise, Intercom's words), keeping
   * its id. Records `ticket.created`.
   */
  async convertConversationToTicket(ctx, { params, body }) {
    const row = await conversations(ctx).require(params.conversation_id);
    if (row.ticket_type_id !== null) throw badRequest('This conversation is already a ticket', 'parameter_invalid', 'conversation_id');
    const { type, values } = await usableType(ctx, body.ticket_type_id, body.attributes);
    if (type.category !== 'Customer') throw badRequest('Ticket type is not a customer ticket type', 'parameter_invalid', 'ticket_type_id');
    return convertToTicket(ctx, row, type, values, { type: 'bot', id: OPERATOR_ID });
  },
};
