/**
 * The message data an export reads: messages sent to contacts in a time range, read in batches
 * ordered by (time, id) so that a range of any size streams with flat memory.
 *
 * Conversations' public module offers no read of parts across conversations by time, so this
 * store reads the `conversations` and `conversation_parts` tables (those two tables only, and only
 * for reading).
 */
import { defineStore } from '../../core/scope.js';
import { sqlLimit } from '../../http/pagination.js';

export interface Range {
  after: number;
  before: number;
}

/** Where the previous batch ended. */
export interface Position {
  at: number;
  id: number;
}

/** One message sent to a conversation's contacts. */
export interface SentMessage {
  /** The message's id: a conversation's source id, or a part's id. */
  id: number;
  conversationId: number;
  sentAt: number;
  /** The conversation's channel (`email`, `conversation`, …). */
  channel: string;
  title: string;
  /** Where a batch ending with this message ended (the query's own ordering key). */
  position: Position;
}

/** Who sends messages: teammates and bots, not contacts. */
const SENDERS = ['admin', 'bot'];
/** What a contact writes in a conversation. */
const CONTACT_AUTHORS = ['user', 'lead', 'contact'];

export const messageData = defineStore((s) => ({
  /** Conversations a teammate or bot started in the range (their first message), after `from`. */
  async openingMessages(range: Range, from: Position | undefined, limit: number): Promise<SentMessage[]> {
    let query = s
      .from('conversations')
      .select(['id', 'source_id', 'source_type', 'source_subject', 'created_at'])
      .where('created_at', '>=', range.after)
      .where('created_at', '<=', range.before)
      .where('source_author_type', 'in', SENDERS);
    if (from) query = query.where((eb) => eb.or([eb('created_at', '>', from.at), eb.and([eb('created_at', '=', from.at), eb('id', '>', from.id)])]));
    const rows = await query.orderBy('created_at').orderBy('id').limit(sqlLimit(limit)).execute();
    return rows.map((r) => ({ id: Number(r.source_id), conversationId: Number(r.id), sentAt: Number(r.created_at), channel: r.source_type, title: r.source_subject, position: { at: Number(r.created_at), id: Number(r.id) } }));
  },

  /** Replies a teammate or bot sent in the range (comments, not notes), after `from` (by part id). */
  async replies(range: Range, from: Position | undefined, limit: number): Promise<SentMessage[]> {
    let query = s
      .fromAs('conversation_parts', 'p')
      .innerJoin('conversations as c', (join) => join.onRef('c.workspace_id', '=', 'p.workspace_id').onRef('c.id', '=', 'p.conversation_id'))
      .select(['p.id', 'p.conversation_id', 'p.created_at', 'c.source_type', 'c.title'])
      .where('p.created_at', '>=', range.after)
      .where('p.created_at', '<=', range.before)
      .where('p.part_type', '=', 'comment')
      .where('p.author_type', 'in', SENDERS);
    if (from) query = query.where((eb) => eb.or([eb('p.created_at', '>', from.at), eb.and([eb('p.created_at', '=', from.at), eb('p.id', '>', from.id)])]));
    const rows = await query.orderBy('p.created_at').orderBy('p.id').limit(sqlLimit(limit)).execute();
    return rows.map((r) => ({ id: Number(r.id), conversationId: Number(r.conversation_id), sentAt: Number(r.created_at), channel: r.source_type, title: r.title ?? '', position: { at: Number(r.created_at), id: Number(r.id) } }));
  },

  /** What contacts wrote in the range in these conversations, oldest first: for each, who and when. */
  async contactReplies(conversationIds: number[], range: Range): Promise<{ conversationId: number; contactId: string; at: number }[]> {
    if (conversationIds.length === 0) return [];
    const rows = await s
      .from('conversation_parts')
      .select(['conversation_id', 'author_id', 'created_at'])
      .where('conversation_id', 'in', conversationIds)
      .where('created_at', '>=', range.after)
      .where('created_at', '<=', range.before)
      .where('author_type', 'in', CONTACT_AUTHORS)
      .where('part_type', 'in', ['comment', 'open'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ conversationId: Number(r.conversation_id), contactId: r.author_id, at: Number(r.created_at) }));
  },
}));
