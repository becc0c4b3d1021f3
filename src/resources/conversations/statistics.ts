/** Statistics between the row's columns, the state machine's `Statistics` and the wire. */
import type { ConversationsTable } from '../../db/schema.js';
import type { components } from '../../generated/types.js';
import type { Statistics } from './state.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function statisticsOfRow(row: ConversationsTable): Statistics {
  let replyTimes: number[] = [];
  try {
    replyTimes = JSON.parse(row.reply_times) as number[];
  } catch {
    replyTimes = [];
  }
  return {
    first_contact_reply_at: num(row.first_contact_reply_at),
    first_assignment_at: num(row.first_assignment_at),
    first_admin_reply_at: num(row.first_admin_reply_at),
    first_close_at: num(row.first_close_at),
    last_assignment_at: num(row.last_assignment_at),
    last_assignment_admin_reply_at: num(row.last_assignment_admin_reply_at),
    last_contact_reply_at: num(row.last_contact_reply_at),
    last_admin_reply_at: num(row.last_admin_reply_at),
    last_close_at: num(row.last_close_at),
    last_closed_by_id: row.last_closed_by_id,
    count_reopens: Number(row.count_reopens),
    count_assignments: Number(row.count_assignments),
    count_conversation_parts: Number(row.count_conversation_parts),
    reply_times: replyTimes,
    median_time_to_reply: num(row.median_time_to_reply),
  };
}

/** A transition's changes as column values (the reply times are stored as JSON text). */
export function statisticsColumns<C extends Partial<Statistics>>(changes: C): Omit<C, 'reply_times'> & { reply_times?: string } {
  const { reply_times, ...rest } = changes;
  return { ...rest, ...(reply_times === undefined ? {} : { reply_times: JSON.stringify(reply_times) }) };
}

/** Times the schema lists that have not happened yet are left out (the schema has no nulls for them). */
export function statisticsWire(row: ConversationsTable): components['schemas']['conversation_statistics'] {
  const s = statisticsOfRow(row);
  const created = Number(row.created_at);
  const wire: components['schemas']['conversation_statistics'] = {
    type: 'conversation_statistics',
    count_reopens: s.count_reopens,
    count_assignments: s.count_assignments,
    count_conversation_parts: s.count_conversation_parts,
  };
  const times = {
    first_contact_reply_at: s.first_contact_reply_at,
    first_assignment_at: s.first_assignment_at,
    first_admin_reply_at: s.first_admin_reply_at,
    first_close_at: s.first_close_at,
    last_assignment_at: s.last_assignment_at,
    last_assignment_admin_reply_at: s.last_assignment_admin_reply_at,
    last_contact_reply_at: s.last_contact_reply_at,
    last_admin_reply_at: s.last_admin_reply_at,
    last_close_at: s.last_close_at,
    median_time_to_reply: s.median_time_to_reply,
    // Durations from the conversation's start.
    time_to_assignment: s.first_assignment_at === null ? null : s.first_assignment_at - created,
    time_to_admin_reply: s.first_admin_reply_at === null ? null : s.first_admin_reply_at - created,
    time_to_first_close: s.first_close_at === null ? null : s.first_close_at - created,
    time_to_last_close: s.last_close_at === null ? null : s.last_close_at - created,
  };
  for (const [key, value] of Object.entries(times)) if (value !== null) (wire as Record<string, unknown>)[key] = value;
  if (s.last_closed_by_id !== null) wire.last_closed_by_id = s.last_closed_by_id;
  return wire;
}
