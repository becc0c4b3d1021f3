/**
 * Applying the ticket state machine (state.ts) to a stored ticket: the one path through which the
 * ticket handlers change a ticket's state, assignment or conversation. It writes the row's changes
 * and the parts (with their ticket states), schedules the snooze wake-up, and records the
 * transition's topics with the ticket as GET shows it.
 */
import type { ScopeSource } from '../../core/scope.js';
import type { ConversationPartsTable, ConversationsTable } from '../../db/schema.js';
import { conversations, factsOf, statisticsColumns, statisticsOfRow, UNSNOOZE_JOB, type Actor, type Writer } from '../conversations/public.js';
import { shownTicketType, ticketTypes, ticketTypeWire, type TicketTypeWire } from '../ticket-types/public.js';
import { ticketTransition, type TicketAction, type TicketState, type TicketTopic } from './state.js';
import { tickets } from './store.js';
import { ticketWire, type TicketWire } from './wire.js';

export interface AppliedTicket {
  row: ConversationsTable;
  parts: ConversationPartsTable[];
  topics: TicketTopic[];
}

export const ticketFactsOf = (row: ConversationsTable) => ({
  ...factsOf(row),
  ticket_state: (row.ticket_state ?? 'submitted') as TicketState,
  category: row.ticket_category ?? 'Customer',
});

/** Runs one action on a ticket and stores the result (events are recorded by `emitTicketTopics`). */
export async function applyTicketAction(w: Writer, given: ConversationsTable, action: TicketAction, actor: Actor): Promise<AppliedTicket> {
  const id = Number(given.id);
  // Writes to one ticket wait for each other, so none folds its changes onto a stale row.
  const row = (await conversations(w).lockAndFind(id)) ?? given;
  const { changes, parts, topics } = ticketTransition(ticketFactsOf(row), statisticsOfRow(row), action, actor, w.now);
  await conversations(w).update(id, statisticsColumns(changes));
  const written = await conversations(w).appendParts(id, parts, w.now);
  const states = written.map((r, i) => ({ id: Number(r.id), ticket_state: parts[i].ticket_state, previous_ticket_state: parts[i].previous_ticket_state }));
  await tickets(w).setPartStates(states);
  if (action.kind === 'snooze') {
    await w.enqueue({ kind: UNSNOOZE_JOB, runAt: action.until, payload: { conversation: id, until: action.until } });
  }
  const updated = (await conversations(w).find(id))!;
  return { row: updated, parts: written.map((r, i) => ({ ...r, ...states[i] })), topics };
}

/** The ticket as GET /tickets/{id} shows it (with its parts), read inside the write's transaction. */
export async function showTicket(source: ScopeSource, row: ConversationsTable): Promise<TicketWire> {
  const [view] = await conversations(source).load([row], { withParts: true });
  return ticketWire(view, await shownTicketType(source, Number(row.ticket_type_id)));
}

/** Tickets as lists show them (no parts), their types read once. */
export async function showTicketList(source: ScopeSource, rows: ConversationsTable[]): Promise<TicketWire[]> {
  const views = await conversations(source).load(rows);
  const typeIds = [...new Set(rows.map((r) => Number(r.ticket_type_id)))];
  const types = new Map<number, TicketTypeWire>();
  const store = ticketTypes(source);
  const attributes = await store.attributesOf(typeIds);
  for (const typeId of typeIds) {
    const type = await store.find(typeId);
    if (type) types.set(typeId, ticketTypeWire(type, attributes.filter((a) => Number(a.ticket_type_id) === typeId)));
  }
  return views.map((view) => ticketWire(view, types.get(Number(view.row.ticket_type_id))!));
}

/** Records each topic with the ticket as it now is; answers that ticket. */
export async function emitTicketTopics(w: Writer, row: ConversationsTable, topics: readonly TicketTopic[]): Promise<TicketWire> {
  const shown = await showTicket(w, row);
  for (const topic of topics) await w.emit(topic, shown);
  return shown;
}
