/**
 * The ticket state machine, pure: (ticket, action, actor, time) → the column changes, the parts
 * Intercom writes and the webhook topics (behaviour §10, §14). A ticket is a conversation with a
 * ticket state beside its open/closed/snoozed state: replies, closing, snoozing and assignment go
 * through the conversation machine (so statistics and waiting times stay one fold over the parts),
 * and this module adds the ticket's own state, parts and topics and drops the conversation topics.
 */
import { conversationState, OPERATOR_ID, type Action, type Actor, type NewPart, type Statistics } from '../conversations/public.js';

export const TICKET_STATES = ['submitted', 'in_progress', 'waiting_on_customer', 'resolved'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** How the inbox and the messenger name each state (Intercom's default labels). */
export const STATE_LABELS: Record<TicketState, string> = {
  submitted: 'Submitted',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
};

export type TicketTopic =
  | 'ticket.created'
  | 'ticket.state.updated'
  | 'ticket.admin.assigned'
  | 'ticket.team.assigned'
  | 'ticket.note.created'
  | 'ticket.attribute.updated'
  | 'ticket.admin.replied'
  | 'ticket.contact.replied'
  // Through the conversation endpoints (a ticket is a conversation): adding or removing a contact.
  | 'ticket.contact.attached'
  | 'ticket.contact.detached';

/** What the machine reads of a ticket. */
export type TicketFacts = conversationState.ConversationFacts & { ticket_state: TicketState; category: string };

export type TicketAction =
  /** A new ticket (created, or converted from a conversation): submitted. */
  | { kind: 'create' }
  | { kind: 'set_state'; state: TicketState }
  | { kind: 'close' }
  | { kind: 'open' }
  | { kind: 'snooze'; until: number }
  | { kind: 'assign'; side: 'admin' | 'team'; assigneeId: number | null }
  | { kind: 'attributes_updated' }
  | { kind: 'admin_comment'; body: string; attachments?: unknown[] }
  | { kind: 'admin_note'; body: string; attachments?: unknown[] }
  | { kind: 'quick_reply'; attachments?: unknown[] }
  | { kind: 'contact_reply'; body: string; attachments?: unknown[] };

/** A part with the ticket state it leaves the ticket in (and, for state changes, the one before). */
export interface TicketPart extends NewPart {
  ticket_state: TicketState;
  previous_ticket_state: TicketState | null;
}

export interface TicketTransition {
  changes: conversationState.ConversationChanges & { ticket_state?: TicketState };
  parts: TicketPart[];
  topics: TicketTopic[];
}

/** A request the ticket rules forbid; handlers answer it with their 400. */
export class TicketRuleError extends Error {}

/** The conversation action behind a ticket action, and the ticket topic it causes. */
function conversationStep(action: TicketAction): { action: Action; topic?: TicketTopic } | undefined {
  switch (action.kind) {
    case 'close':
    case 'open':
      return { action: { kind: action.kind } };
    case 'snooze':
      return { action: { kind: 'snooze', until: action.until } };
    case 'assign':
      return { action: { kind: 'assign', side: action.side, assigneeId: action.assigneeId }, topic: action.side === 'admin' ? 'ticket.admin.assigned' : 'ticket.team.assigned' };
    case 'admin_comment':
      return { action: { kind: 'admin_comment', body: action.body, attachments: action.attachments }, topic: 'ticket.admin.replied' };
    case 'quick_reply':
      return { action: { kind: 'admin_comment', body: '', attachments: action.attachments }, topic: 'ticket.admin.replied' };
    case 'admin_note':
      return { action: { kind: 'admin_note', body: action.body, attachments: action.attachments }, topic: 'ticket.note.created' };
    case 'contact_reply':
      return { action: { kind: 'contact_reply', body: action.body, attachments: action.attachments }, topic: 'ticket.contact.replied' };
    default:
      return undefined;
  }
}

const statePart = (actor: Actor, previous: TicketState, next: TicketState): TicketPart => ({
  part_type: 'ticket_state_updated_by_admin',
  body: null,
  author: actor,
  assigned_to: null,
  attachments: [],
  ticket_state: next,
  previous_ticket_state: previous,
});

export function ticketTransition(ticket: TicketFacts, stats: Statistics, action: TicketAction, actor: Actor, now: number): TicketTransition {
  const current = ticket.ticket_state;
  switch (action.kind) {
    case 'create':
      // Intercom records the submission as a state change from submitted to submitted.
      return { changes: { ticket_state: 'submitted', updated_at: now }, parts: [statePart(actor, 'submitted', 'submitted')], topics: ['ticket.created'] };
    case 'set_state': {
      if (action.state === current) return { changes: {}, parts: [], topics: [] };
      const changes: TicketTransition['changes'] = { ticket_state: action.state, updated_at: now };
      // A resolved ticket is closed; taking it out of resolved opens it again.
      if (action.state === 'resolved' && ticket.state !== 'closed') Object.assign(changes, { state: 'closed', snoozed_until: null });
      if (current === 'resolved' && ticket.state === 'closed') changes.state = 'open';
      return { changes, parts: [statePart(actor, current, action.state)], topics: ['ticket.state.updated'] };
    }
    case 'attributes_updated':
      return {
        changes: { updated_at: now },
        parts: [{ part_type: 'ticket_attribute_updated_by_admin', body: null, author: actor, assigned_to: null, attachments: [], ticket_state: current, previous_ticket_state: null }],
        topics: ['ticket.attribute.updated'],
      };
  }
  if (action.kind === 'contact_reply' && ticket.category === 'Back-office') throw new TicketRuleError('User replies are not allowed on Backoffice tickets');
  const step = conversationStep(action)!;
  let moved: ReturnType<typeof conversationState.transition>;
  try {
    moved = conversationState.transition(ticket, stats, step.action, actor, now);
  } catch (error) {
    if (error instanceof conversationState.TransitionError) throw new TicketRuleError(error.message);
    throw error;
  }
  const parts = moved.parts.map((p): TicketPart => ({
    ...p,
    // A quick reply is an admin comment whose answer is a choice of options, not a body.
    ...(action.kind === 'quick_reply' ? { part_type: 'quick_reply', body: null } : {}),
    ticket_state: current,
    previous_ticket_state: null,
  }));
  const topics: TicketTopic[] = step.topic ? [step.topic] : [];
  const changes: TicketTransition['changes'] = { ...moved.changes };
  // A resolved ticket is closed: whatever opens it again (a customer's reply, an assignment, opening
  // or snoozing it) puts it back in progress, as does a customer answering a ticket that waited on
  // them. Intercom moves it automatically, as its bot.
  const reopened = current === 'resolved' && (changes.state ?? ticket.state) !== 'closed';
  const answered = action.kind === 'contact_reply' && current === 'waiting_on_customer';
  if (reopened || answered) {
    changes.ticket_state = 'in_progress';
    parts.push(statePart({ type: 'bot', id: OPERATOR_ID }, current, 'in_progress'));
    topics.push('ticket.state.updated');
  }
  return { changes, parts, topics };
}
