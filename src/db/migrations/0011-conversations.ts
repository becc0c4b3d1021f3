import type { Kysely } from 'kysely';

/**
 * Conversations and their parts, contacts and tags. Tickets are conversations too (Intercom gives
 * them one id space), so the ticket columns live on the same row and are null for a plain
 * conversation. Statistics are kept on the row as the parts are written (the state machine derives
 * them), so lists and search read them without touching the parts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  let conversations = db.schema
    .createTable('conversations')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('not_priority'))
    .addColumn('admin_assignee_id', 'bigint')
    .addColumn('team_assignee_id', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('waiting_since', 'bigint')
    .addColumn('custom_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    // The message that started the conversation (`source` on the wire).
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'bigint', (c) => c.notNull())
    .addColumn('source_delivered_as', 'text', (c) => c.notNull())
    .addColumn('source_subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_author_type', 'text', (c) => c.notNull())
    .addColumn('source_author_id', 'text', (c) => c.notNull())
    .addColumn('source_redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_url', 'text')
    .addColumn('source_attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('first_contact_reply_type', 'text')
    .addColumn('first_contact_reply_url', 'text')
    // Tickets (null on plain conversations).
    .addColumn('ticket_type_id', 'text')
    .addColumn('ticket_state', 'text')
    .addColumn('ticket_number', 'text')
    .addColumn('ticket_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ticket_category', 'text')
    .addColumn('is_shared', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  // Statistics, derived from the parts as they are written.
  for (const column of STATISTICS_TIMES) conversations = conversations.addColumn(column, 'bigint');
  conversations = conversations
    .addColumn('last_closed_by_id', 'text')
    .addColumn('count_reopens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('count_assignments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('count_conversation_parts', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of seconds between a contact's message and the admin reply that answered it.
    .addColumn('reply_times', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('median_time_to_reply', 'bigint');
  await conversations.addPrimaryKeyConstraint('conversations_pk', ['workspace_id', 'id']).execute();
  await db.schema.createIndex('conversations_updated').on('conversations').columns(['workspace_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('conversations_created').on('conversations').columns(['workspace_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('conversations_state').on('conversations').columns(['workspace_id', 'state', 'updated_at']).execute();
  await db.schema.createIndex('conversations_admin_assignee').on('conversations').columns(['workspace_id', 'admin_assignee_id']).execute();
  await db.schema.createIndex('conversations_team_assignee').on('conversations').columns(['workspace_id', 'team_assignee_id']).execute();
  await db.schema.createIndex('conversations_ticket_type').on('conversations').columns(['workspace_id', 'ticket_type_id']).execute();
  // Snooze wake-ups look conversations up by the time they are due.
  await db.schema.createIndex('conversations_snoozed_until').on('conversations').columns(['workspace_id', 'snoozed_until']).execute();

  await db.schema
    .createTable('conversation_parts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('part_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('assigned_to_type', 'text')
    .addColumn('assigned_to_id', 'text')
    .addColumn('redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('external_id', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    // Ticket parts record the state change they made (null on conversation parts).
    .addColumn('ticket_state', 'text')
    .addColumn('previous_ticket_state', 'text')
    .addColumn('notified_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_parts_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('conversation_parts_conversation_fk', ['workspace_id', 'conversation_id'], 'conversations', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('conversation_parts_conversation').on('conversation_parts').columns(['workspace_id', 'conversation_id', 'id']).execute();

  await db.schema
    .createTable('conversation_contacts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_contacts_pk', ['workspace_id', 'conversation_id', 'contact_id'])
    .addForeignKeyConstraint('conversation_contacts_conversation_fk', ['workspace_id', 'conversation_id'], 'conversations', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('conversation_contacts_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('conversation_contacts_contact').on('conversation_contacts').columns(['workspace_id', 'contact_id', 'conversation_id']).execute();

  await db.schema
    .createTable('conversation_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_by', 'bigint')
    .addPrimaryKeyConstraint('conversation_tags_pk', ['workspace_id', 'conversation_id', 'tag_id'])
    .addForeignKeyConstraint('conversation_tags_conversation_fk', ['workspace_id', 'conversation_id'], 'conversations', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('conversation_tags_tag_fk', ['workspace_id', 'tag_id'], 'tags', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('conversation_tags_tag').on('conversation_tags').columns(['workspace_id', 'tag_id', 'conversation_id']).execute();
}

/** Statistics timestamps (unix seconds, null until the thing first happens). */
const STATISTICS_TIMES = [
  'first_contact_reply_at',
  'first_assignment_at',
  'first_admin_reply_at',
  'first_close_at',
  'last_assignment_at',
  'last_assignment_admin_reply_at',
  'last_contact_reply_at',
  'last_admin_reply_at',
  'last_close_at',
];
