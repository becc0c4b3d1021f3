/**
 * updateTicket: each change the body asks for is one action of the state machine, applied in a
 * fixed order (attributes, assignment, state, open/closed, snooze, sharing: a resolved ticket
 * stays closed even when the same request assigns it); the topics they cause
 * are recorded at the end with the ticket as it finally is.
 */
import type { Ctx } from '../../core/context.js';
import { numericId } from '../../core/ids.js';
import type { ConversationsTable } from '../../db/schema.js';
import { ApiError, badRequest } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { admins } from '../admins/public.js';
import { conversations, writerOf, type Actor } from '../conversations/public.js';
import { teams } from '../teams/public.js';
import { ticketTypes, TITLE } from '../ticket-types/public.js';
import { applyTicketAction, emitTicketTopics } from './apply.js';
import { checkTicketAttributes, mergeAttributes } from './attributes.js';
import { TicketRuleError, type TicketAction, type TicketTopic } from './state.js';
import type { TicketWire } from './wire.js';

type UpdateBody = components['schemas']['update_ticket_request'];

const assigneeNotFound = () => new ApiError('assignee_not_found', 'Assignee not found');

/** Numeric ids as a body may send them (Intercom's examples send strings; some clients send numbers). */
const idText = (raw: unknown): string | undefined => (typeof raw === 'number' || typeof raw === 'string' ? String(raw) : undefined);

/** Who the assignment makes the assignee: "0" unassigns the admin; otherwise an admin, or else a team. */
async function assignAction(ctx: Ctx, rawAssignee: unknown): Promise<TicketAction> {
  const text = idText(rawAssignee);
  if (text === '0') return { kind: 'assign', side: 'admin', assigneeId: null };
  const assigneeId = numericId(text);
  if (assigneeId === undefined) throw assigneeNotFound();
  if (await admins(ctx).find(assigneeId)) return { kind: 'assign', side: 'admin', assigneeId };
  if (await teams(ctx).find(assigneeId)) return { kind: 'assign', side: 'team', assigneeId };
  throw assigneeNotFound();
}

export async function updateTicketWith(ctx: Ctx, given: ConversationsTable, body: UpdateBody): Promise<TicketWire> {
  const id = Number(given.id);
  // Read under the ticket's lock: two concurrent updates merge their attributes one after the other.
  const current = (await conversations(ctx).lockAndFind(id)) ?? given;
  // The acting admin: the assignment's `admin_id` when given (it must exist), else the token's admin.
  let actor: Actor = { type: 'admin', id: String(ctx.adminId) };
  if (body.assignment?.admin_id !== undefined) {
    const admin = await admins(ctx).require(idText(body.assignment.admin_id), assigneeNotFound);
    actor = { type: 'admin', id: String(admin.id) };
  }
  const actions: TicketAction[] = [];

  if (body.ticket_attributes !== undefined) {
    const attributes = await ticketTypes(ctx).attributesOf([Number(current.ticket_type_id)]);
    const changes = checkTicketAttributes(attributes, body.ticket_attributes, 'update');
    const before = JSON.parse(current.ticket_attributes || '{}') as Record<string, unknown>;
    const merged = mergeAttributes(before, changes);
    if (JSON.stringify(merged) !== JSON.stringify(before)) {
      const title = typeof merged[TITLE] === 'string' ? (merged[TITLE] as string) : null;
      await conversations(ctx).update(id, { ticket_attributes: JSON.stringify(merged), title });
      actions.push({ kind: 'attributes_updated' });
    }
  }
  if (body.assignment?.assignee_id !== undefined) actions.push(await assignAction(ctx, body.assignment.assignee_id));
  if (body.state !== undefined) actions.push({ kind: 'set_state', state: body.state });
  if (body.open === false) actions.push({ kind: 'close' });
  if (body.open === true) actions.push({ kind: 'open' });
  if (body.snoozed_until !== undefined) actions.push({ kind: 'snooze', until: body.snoozed_until });
  if (body.is_shared !== undefined) {
    if (body.is_shared && current.ticket_category === 'Back-office') throw badRequest('Back-office tickets cannot be shared with customers', 'parameter_invalid', 'is_shared');
    await conversations(ctx).update(id, { is_shared: body.is_shared ? 1 : 0, updated_at: ctx.clock.now() });
  }

  const w = writerOf(ctx);
  const topics: TicketTopic[] = [];
  let row = (await conversations(ctx).find(id))!;
  for (const action of actions) {
    // Opening an open ticket, or closing a closed one, writes nothing.
    if (action.kind === 'close' && row.state === 'closed') continue;
    if (action.kind === 'open' && row.state === 'open') continue;
    try {
      const applied = await applyTicketAction(w, row, action, actor);
      row = applied.row;
      topics.push(...applied.topics);
    } catch (error) {
      if (error instanceof TicketRuleError) throw badRequest(error.message, 'parameter_invalid');
      throw error;
    }
  }
  return emitTicketTopics(w, row, topics);
}
