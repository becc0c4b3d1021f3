/**
 * What tickets add to the conversations they are: their inbox numbers, the ticket state of the
 * parts they write, and finding the ticket a path names.
 */
import { sql } from 'kysely';
import { defineStore } from '../../core/scope.js';
import { lockKey } from '../../db/dialect.js';
import type { ConversationsTable } from '../../db/schema.js';
import type { ApiError } from '../../errors.js';
import { conversations } from '../conversations/public.js';
import type { TicketState } from './state.js';
import { ticketNotFound } from './wire.js';

export const tickets = defineStore((s) => ({
  /** The ticket a path names, or its 404: a conversation that is not a ticket is not found either. */
  async require(rawId: unknown, notFound: () => ApiError = ticketNotFound): Promise<ConversationsTable> {
    const row = await conversations(s).require(rawId, notFound);
    if (row.ticket_type_id === null) throw notFound();
    return row;
  },

  /**
   * The next inbox number (`ticket_id`): one more than the workspace's highest. Taken under a lock
   * held to the end of the transaction, so two tickets created at once never share one.
   */
  async nextNumber(): Promise<string> {
    await lockKey(s.db, `tickets-number:${s.workspaceId}`);
    const row = await s
      .from('conversations')
      .select(sql<number | null>`max(CAST(ticket_number AS INTEGER))`.as('n'))
      .where('ticket_number', 'is not', null)
      .executeTakeFirst();
    return String(Number(row?.n ?? 0) + 1);
  },

  /** Records on each part the ticket state it left the ticket in (and the state before, for state changes). */
  async setPartStates(parts: { id: number; ticket_state: TicketState; previous_ticket_state: TicketState | null }[]): Promise<void> {
    for (const part of parts) {
      await s.update('conversation_parts').set({ ticket_state: part.ticket_state, previous_ticket_state: part.previous_ticket_state }).where('id', '=', part.id).execute();
    }
  },
}));
