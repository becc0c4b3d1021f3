/**
 * The conversation state machine, pure: (conversation, action, actor, time) → the column changes, the
 * parts Intercom writes for it and the webhook topics it causes. Handlers and jobs (the snooze
 * wake-up) both apply it through `applyTransition` in store.ts; nothing else changes a conversation's
 * state, assignment, waiting time or statistics.
 *
 * Statistics are a fold over the parts: `foldPart` updates them for one new part, so the row always
 * holds what folding all its parts from creation gives (see `statisticsOfParts`).
 */

export type ConversationStateName = 'open' | 'closed' | 'snoozed';

/** Who acts. Contacts are `user` whatever their role (the wire shows the role). */
export interface Actor {
  type: 'admin' | 'user' | 'bot';
  id: string;
}

/** What the state machine reads of a conversation. */
export interface ConversationFacts {
  state: ConversationStateName;
  read: 0 | 1;
  admin_assignee_id: number | null;
  team_assignee_id: number | null;
  snoozed_until: number | null;
  waiting_since: number | null;
  created_at: number;
  /** Ticket conversations keep their own states beside the conversation's (tickets set these). */
  ticket_state?: string | null;
}

/** The statistics kept on the row. */
export interface Statistics {
  first_contact_reply_at: number | null;
  first_assignment_at: number | null;
  first_admin_reply_at: number | null;
  first_close_at: number | null;
  last_assignment_at: number | null;
  last_assignment_admin_reply_at: number | null;
  last_contact_reply_at: number | null;
  last_admin_reply_at: number | null;
  last_close_at: number | null;
  last_closed_by_id: string | null;
  count_reopens: number;
  count_assignments: number;
  count_conversation_parts: number;
  /** Seconds from a contact's waiting message to the admin reply answering it, in order. */
  reply_times: number[];
  median_time_to_reply: number | null;
}

export const EMPTY_STATISTICS: Statistics = {
  first_contact_reply_at: null,
  first_assignment_at: null,
  first_admin_reply_at: null,
  first_close_at: null,
  last_assignment_at: null,
  last_assignment_admin_reply_at: null,
  last_contact_reply_at: null,
  last_admin_reply_at: null,
  last_close_at: null,
  last_closed_by_id: null,
  count_reopens: 0,
  count_assignments: 0,
  count_conversation_parts: 0,
  reply_times: [],
  median_time_to_reply: null,
};

export type Assignee = { type: 'admin'; id: number } | { type: 'team'; id: number } | { type: 'nobody_admin'; id: null };

export type Action =
  | { kind: 'contact_reply'; body: string; attachments?: unknown[] }
  | { kind: 'admin_comment'; body: string; attachments?: unknown[] }
  | { kind: 'admin_note'; body: string; attachments?: unknown[] }
  | { kind: 'close'; body?: string | null }
  | { kind: 'snooze'; until: number }
  | { kind: 'open' }
  /** The snooze ran out (the wake-up job). */
  | { kind: 'snooze_expired' }
  /** `assignee` admin or team; `{type:'admin'|'team', id: null}` unassigns that side ("0"). */
  | { kind: 'assign'; side: 'admin' | 'team'; assigneeId: number | null; body?: string | null }
  /** Assignment rules ran and none matched: assigned to nobody. */
  | { kind: 'default_assignment' }
  | { kind: 'attribute_updated'; name: string }
  | { kind: 'participant_added'; contactId: string }
  | { kind: 'participant_removed'; contactId: string };

/** A part to write, in the order given. */
export interface NewPart {
  part_type: string;
  body: string | null;
  author: Actor;
  assigned_to: { type: string; id: string | null } | null;
  attachments: unknown[];
}

export type ConversationTopic =
  | 'conversation.user.created'
  | 'conversation.user.replied'
  | 'conversation.admin.replied'
  | 'conversation.admin.single.created'
  | 'conversation.admin.assigned'
  | 'conversation.admin.noted'
  | 'conversation.admin.closed'
  | 'conversation.admin.opened'
  | 'conversation.admin.snoozed'
  | 'conversation.admin.unsnoozed'
  | 'conversation_part.tag.created'
  | 'conversation_part.redacted';

/** Column changes: state and assignment fields, and the statistics folded over the new parts. */
export type ConversationChanges = Partial<Omit<ConversationFacts, 'created_at' | 'ticket_state'>> & Partial<Statistics> & { updated_at?: number };

export interface Transition {
  changes: ConversationChanges;
  parts: NewPart[];
  topics: ConversationTopic[];
}

/** A transition the rules forbid; handlers turn it into their 4xx. */
export class TransitionError extends Error {}

const part = (part_type: string, author: Actor, extra: Partial<NewPart> = {}): NewPart => ({
  part_type,
  body: null,
  author,
  assigned_to: null,
  attachments: [],
  ...extra,
});

/**
 * The transition an action makes. `now` is the workspace clock's unix seconds; `stats` the row's
 * statistics before it.
 */
export function transition(conv: ConversationFacts, stats: Statistics, action: Action, actor: Actor, now: number): Transition {
  const changes: ConversationChanges = {};
  const parts: NewPart[] = [];
  const topics: ConversationTopic[] = [];
  const reopen = (from: ConversationStateName) => {
    changes.state = 'open';
    changes.snoozed_until = null;
    return from;
  };

  switch (action.kind) {
    case 'contact_reply': {
      // Observed: a contact's reply to a closed (or snoozed) conversation reopens it, written as an
      // `open` part that carries the reply.
      const reopens = conv.state !== 'open';
      if (reopens) reopen(conv.state);
      parts.push(part(reopens ? 'open' : 'comment', actor, { body: action.body, attachments: action.attachments ?? [] }));
      changes.waiting_since = conv.waiting_since ?? now;
      changes.read = 0;
      topics.push('conversation.user.replied');
      break;
    }
    case 'admin_comment':
      parts.push(part('comment', actor, { body: action.body, attachments: action.attachments ?? [] }));
      // The contact is no longer waiting once an admin has answered.
      changes.waiting_since = null;
      changes.read = 1;
      topics.push('conversation.admin.replied');
      break;
    case 'admin_note':
      // A note is internal: state, waiting time and read state stay as they are.
      parts.push(part('note', actor, { body: action.body, attachments: action.attachments ?? [] }));
      topics.push('conversation.admin.noted');
      break;
    case 'close':
      // Closing a closed conversation changes nothing and writes nothing.
      if (conv.state === 'closed') break;
      changes.state = 'closed';
      changes.snoozed_until = null;
      parts.push(part('close', actor, { body: action.body ?? null }));
      topics.push('conversation.admin.closed');
      break;
    case 'snooze':
      if (action.until <= now) throw new TransitionError('snoozed_until must be in the future');
      changes.state = 'snoozed';
      changes.snoozed_until = action.until;
      parts.push(part('snoozed', actor));
      topics.push('conversation.admin.snoozed');
      break;
    case 'open':
      if (conv.state === 'open') break;
      reopen(conv.state);
      parts.push(part('open', actor));
      topics.push('conversation.admin.opened');
      break;
    case 'snooze_expired':
      if (conv.state !== 'snoozed') return { changes: {}, parts: [], topics: [] };
      reopen(conv.state);
      // Intercom's part for a snooze that ran out on its own.
      parts.push(part('timer_unsnooze', actor));
      topics.push('conversation.admin.unsnoozed');
      break;
    case 'assign': {
      const assigned: Assignee =
        action.assigneeId === null ? { type: 'nobody_admin', id: null } : { type: action.side, id: action.assigneeId };
      if (action.side === 'admin') changes.admin_assignee_id = action.assigneeId;
      else changes.team_assignee_id = action.assigneeId;
      // Assigning a closed conversation reopens it (Intercom's `assign_and_reopen`).
      const reopens = conv.state === 'closed';
      if (reopens) reopen(conv.state);
      parts.push(
        part(reopens ? 'assign_and_reopen' : 'assignment', actor, {
          body: action.body ?? null,
          assigned_to: { type: assigned.type, id: assigned.id === null ? null : String(assigned.id) },
        }),
      );
      topics.push('conversation.admin.assigned');
      break;
    }
    case 'default_assignment':
      changes.admin_assignee_id = null;
      changes.team_assignee_id = null;
      parts.push(part('default_assignment', actor, { assigned_to: { type: 'nobody_admin', id: null } }));
      topics.push('conversation.admin.assigned');
      break;
    case 'attribute_updated':
      parts.push(part('conversation_attribute_updated_by_admin', actor, { body: null }));
      break;
    case 'participant_added':
      parts.push(part('participant_added', actor));
      break;
    case 'participant_removed':
      parts.push(part('participant_removed', actor));
      break;
  }

  let next = stats;
  // An admin reply answers the waiting time as it stood before this action.
  for (const p of parts) next = foldPart(next, p, { waiting_since: conv.waiting_since }, conv.state, now);
  Object.assign(changes, diffStatistics(stats, next));
  if (parts.length > 0 || Object.keys(changes).length > 0) changes.updated_at = now;
  return { changes, parts, topics };
}

/**
 * Statistics after one more part. `conv` is the conversation around the part (its waiting time
 * before the part), `stateBefore` its state before the action.
 */
export function foldPart(stats: Statistics, p: Pick<NewPart, 'part_type' | 'author' | 'assigned_to'>, conv: Pick<ConversationFacts, 'waiting_since'>, stateBefore: ConversationStateName, at: number): Statistics {
  const s: Statistics = { ...stats, reply_times: stats.reply_times, count_conversation_parts: stats.count_conversation_parts + 1 };
  const byContact = p.author.type === 'user';
  const byAdmin = p.author.type === 'admin';
  if (byContact && (p.part_type === 'comment' || p.part_type === 'open')) {
    s.first_contact_reply_at ??= at;
    s.last_contact_reply_at = at;
  }
  if (byAdmin && p.part_type === 'comment') {
    s.first_admin_reply_at ??= at;
    s.last_admin_reply_at = at;
    if (s.last_assignment_at !== null && (s.last_assignment_admin_reply_at === null || s.last_assignment_admin_reply_at < s.last_assignment_at)) {
      s.last_assignment_admin_reply_at = at;
    }
    if (conv.waiting_since !== null) {
      s.reply_times = [...stats.reply_times, Math.max(0, at - conv.waiting_since)];
      s.median_time_to_reply = median(s.reply_times);
    }
  }
  if (p.part_type === 'assignment' || p.part_type === 'assign_and_reopen') {
    if (p.assigned_to && p.assigned_to.id !== null) {
      s.first_assignment_at ??= at;
      s.last_assignment_at = at;
      s.count_assignments = stats.count_assignments + 1;
    }
  }
  if (p.part_type === 'close') {
    s.first_close_at ??= at;
    s.last_close_at = at;
    s.last_closed_by_id = p.author.id;
  }
  // A reopen is a closed conversation coming back: by a contact, an admin, or an assignment.
  if (stateBefore === 'closed' && (p.part_type === 'open' || p.part_type === 'assign_and_reopen')) {
    s.count_reopens = stats.count_reopens + 1;
  }
  return s;
}

/** The statistics of a conversation from its parts, oldest first (what the row always holds). */
export function statisticsOfParts(
  parts: { part_type: string; author: Actor; assigned_to: NewPart['assigned_to']; created_at: number; state_before: ConversationStateName; waiting_since_before: number | null }[],
): Statistics {
  return parts.reduce((s, p) => foldPart(s, p, { waiting_since: p.waiting_since_before }, p.state_before, p.created_at), EMPTY_STATISTICS);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

function diffStatistics(before: Statistics, after: Statistics): Partial<Statistics> {
  const changed: Partial<Statistics> = {};
  for (const key of Object.keys(after) as (keyof Statistics)[]) {
    if (before[key] !== after[key]) (changed as Record<string, unknown>)[key] = after[key];
  }
  return changed;
}

/** What a conversation is when it starts: by a contact (waiting for an answer) or by an admin's message. */
export function initialFacts(initiator: 'contact' | 'admin', now: number): { facts: Omit<ConversationFacts, 'created_at'>; stats: Statistics } {
  if (initiator === 'contact') {
    return {
      facts: { state: 'open', read: 0, admin_assignee_id: null, team_assignee_id: null, snoozed_until: null, waiting_since: now },
      // The contact's first message is its first reply (Intercom's `first_contact_reply`).
      stats: { ...EMPTY_STATISTICS, first_contact_reply_at: now, last_contact_reply_at: now },
    };
  }
  // An admin's message is a closed conversation until the contact answers (Intercom lists outbound
  // messages as closed, unread conversations: the contact's reply opens them).
  return {
    facts: { state: 'closed', read: 0, admin_assignee_id: null, team_assignee_id: null, snoozed_until: null, waiting_since: null },
    stats: EMPTY_STATISTICS,
  };
}
