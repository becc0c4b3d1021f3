/** How conversations begin: a contact's message (waiting for an answer) or an admin's (closed until answered). */
import type { ContactsTable, ConversationsTable } from '../../db/schema.js';
import { emitTopics, type Writer } from './apply.js';
import { storedBody } from './body.js';
import { initialFacts } from './state.js';
import { statisticsColumns } from './statistics.js';
import { conversations, type NewConversation } from './store.js';

interface Message {
  body: string;
  subject?: string;
  attachments?: unknown[];
}

/** Who starts a conversation: a contact in-app, or an admin in-app or by email. */
export type Starter = { by: 'contact'; contactId: string } | { by: 'admin'; adminId: number; channel: 'email' | 'conversation' };

/**
 * The row a new conversation starts as, at `now`: the state machine's initial facts and statistics,
 * and the message as its source. Pure, so the bench can build rows exactly as they are stored.
 */
export function startingColumns(starter: Starter, message: Message, now: number): NewConversation {
  const byContact = starter.by === 'contact';
  const start = initialFacts(starter.by, now);
  return {
    ...start.facts,
    ...statisticsColumns(start.stats),
    source_type: byContact ? 'conversation' : starter.channel,
    source_delivered_as: byContact ? 'customer_initiated' : 'admin_initiated',
    source_subject: message.subject ?? '',
    source_body: storedBody(message.body),
    source_author_type: byContact ? 'user' : 'admin',
    source_author_id: byContact ? starter.contactId : String(starter.adminId),
    source_attachments: JSON.stringify(message.attachments ?? []),
    ...(byContact ? { first_contact_reply_type: 'conversation' } : {}),
    created_at: now,
    updated_at: now,
  };
}

/** A contact starts a conversation in-app; records `conversation.user.created`. */
export async function startByContact(w: Writer, contact: ContactsTable, message: Message): Promise<ConversationsTable> {
  const row = await conversations(w).insert(startingColumns({ by: 'contact', contactId: contact.id }, message, w.now));
  await conversations(w).addContact(Number(row.id), contact.id, w.now);
  await emitTopics(w, row, ['conversation.user.created']);
  return row;
}

/** An admin messages a contact (in-app or by email); records `conversation.admin.single.created`. */
export async function startByAdmin(w: Writer, adminId: number, contact: ContactsTable, message: Message & { channel: 'email' | 'conversation' }): Promise<ConversationsTable> {
  const row = await conversations(w).insert(startingColumns({ by: 'admin', adminId, channel: message.channel }, message, w.now));
  await conversations(w).addContact(Number(row.id), contact.id, w.now);
  await emitTopics(w, row, ['conversation.admin.single.created']);
  return row;
}
