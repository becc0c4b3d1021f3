/** Making tickets: from nothing (createTicket) and from a conversation (convertConversationToTicket). */
import type { Ctx } from '../../core/context.js';
import type { ConversationsTable, TicketTypesTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import { conversations, conversationState, statisticsColumns, writerOf, type Actor } from '../conversations/public.js';
import { ticketTypes, TITLE } from '../ticket-types/public.js';
import { applyTicketAction, emitTicketTopics } from './apply.js';
import { checkTicketAttributes, type AttributeValues } from './attributes.js';
import { tickets } from './store.js';
import type { TicketWire } from './wire.js';

/** A type tickets can be made of now, and its attribute values checked for a new ticket. */
export async function usableType(ctx: Ctx, rawTypeId: unknown, rawAttributes: unknown): Promise<{ type: TicketTypesTable; values: AttributeValues }> {
  const type = await ticketTypes(ctx).require(rawTypeId);
  if (type.archived) throw badRequest('This ticket type is archived: new tickets cannot use it', 'parameter_invalid', 'ticket_type_id');
  const attributes = await ticketTypes(ctx).attributesOf([Number(type.id)]);
  const values = checkTicketAttributes(attributes, rawAttributes, 'create');
  for (const [name, value] of Object.entries(values)) if (value === null) delete values[name];
  return { type, values };
}

/** The ticket columns of a conversation that becomes a ticket of `type`. */
async function ticketColumns(ctx: Ctx, type: TicketTypesTable, values: AttributeValues) {
  return {
    ticket_type_id: String(type.id),
    ticket_state: 'submitted',
    ticket_number: await tickets(ctx).nextNumber(),
    ticket_attributes: JSON.stringify(values),
    ticket_category: type.category,
    // Back-office tickets are never shared with the customer.
    is_shared: type.category === 'Back-office' ? (0 as const) : (1 as const),
  };
}

/** Records the submission (its part and `ticket.created`) and answers the ticket as GET shows it. */
async function submit(ctx: Ctx, row: ConversationsTable, actor: Actor, now: number): Promise<TicketWire> {
  const w = { ...writerOf(ctx), now };
  const applied = await applyTicketAction(w, row, { kind: 'create' }, actor);
  return emitTicketTopics(w, applied.row, applied.topics);
}

/**
 * A new ticket for one contact, submitted by the caller's admin. Its conversation starts open, with
 * no message: the title and description live in its attributes (and the title is the
 * conversation's title too).
 */
export async function createTicketFor(ctx: Ctx, contactId: string, type: TicketTypesTable, values: AttributeValues, createdAt: number): Promise<TicketWire> {
  const start = conversationState.initialFacts('admin', createdAt);
  const row = await conversations(ctx).insert({
    ...start.facts,
    ...statisticsColumns(start.stats),
    state: 'open',
    title: typeof values[TITLE] === 'string' ? (values[TITLE] as string) : null,
    source_type: 'conversation',
    source_delivered_as: 'admin_initiated',
    source_subject: '',
    source_body: '',
    source_author_type: 'admin',
    source_author_id: String(ctx.adminId),
    ...(await ticketColumns(ctx, type, values)),
    created_at: createdAt,
    updated_at: createdAt,
  });
  await conversations(ctx).addContact(Number(row.id), contactId, createdAt);
  return submit(ctx, row, { type: 'admin', id: String(ctx.adminId) }, ctx.clock.now());
}

/**
 * The conversation becomes a ticket, keeping its id, contacts and parts (one id space), submitted
 * by Intercom's bot as Intercom records a conversion.
 */
export async function convertToTicket(ctx: Ctx, row: ConversationsTable, type: TicketTypesTable, values: AttributeValues, bot: Actor): Promise<TicketWire> {
  const title = typeof values[TITLE] === 'string' ? { title: values[TITLE] as string } : {};
  await conversations(ctx).update(Number(row.id), { ...(await ticketColumns(ctx, type, values)), ...title });
  return submit(ctx, (await conversations(ctx).find(Number(row.id)))!, bot, ctx.clock.now());
}
