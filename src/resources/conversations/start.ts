/** How conversations begin: a contact's message (waiting for an answer) or an admin's (closed until answered). */
import type { ContactsTable, ConversationsTable } from '../../db/schema.js';
import { emitTopics, type Writer } from './apply.js';
import { storedBody } from './body.js';
import { initialFacts } from './state.js';
import { statisticsColumns } from './statistics.js';
import { conversations } from './store.js';

interface Message {
  body: string;
  subject?: string;
  attachments?: unknown[];
}

/** A contact starts a conversation in-app; records `conversation.user.created`. */
export async function startByContact(w: Writer, contact: ContactsTable, message: Message): Promise<ConversationsTable> {
  const start = initialFacts('contact', w.now);
  const row = await conversations(w).insert({
    ...start.facts,
    ...statisticsColumns(start.stats),
    source_type: 'conversation',
    source_delivered_as: 'customer_initiated',
    source_subject: message.subject ?? '',
    source_body: storedBody(message.body),
    source_author_type: 'user',
    source_author_id: contact.id,
    source_attachments: JSON.stringify(message.attachments ?? []),
    first_contact_reply_type: 'conversation',
    created_at: w.now,
    updated_at: w.now,
  });
  await conversations(w).addContact(Number(row.id), contact.id, w.now);
  await emitTopics(w, row, ['conversation.user.created']);
  return row;
}

/** An admin messages a contact (in-app or by email); records `conversation.admin.single.created`. */
export async function startByAdmin(w: Writer, adminId: number, contact: ContactsTable, message: Message & { channel: 'email' | 'conversation' }): Promise<ConversationsTable> {
  const start = initialFacts('admin', w.now);
  const row = await conversations(w).insert({
    ...start.facts,
    ...statisticsColumns(start.stats),
    source_type: message.channel,
    source_delivered_as: 'admin_initiated',
    source_subject: message.subject ?? '',
    source_body: storedBody(message.body),
    source_author_type: 'admin',
    source_author_id: String(adminId),
    created_at: w.now,
    updated_at: w.now,
  });
  await conversations(w).addContact(Number(row.id), contact.id, w.now);
  await emitTopics(w, row, ['conversation.admin.single.created']);
  return row;
}
