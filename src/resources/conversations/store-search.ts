/**
 * The conversation search fields (behaviour §5), for `defineSearch`: conversations are queried as
 * table alias `cv`. Contacts, teammates and tags compile to sub-queries; `source.body` matches single
 * words, as Intercom's does ("support" finds "I need support"; "need support" finds nothing).
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../../core/scope.js';
import { ciText, foldCase } from '../../db/dialect.js';
import { membershipField } from '../../search/fields.js';
import { indexedText, MAX_WORD } from '../../search/words.js';
import type { ColumnField, CustomField, FieldDef, FieldResolver, FieldType } from '../../search/types.js';
import { plainText } from './wire.js';

export const CONVERSATION_ALIAS = 'cv';

const FALSE = sql<SqlBool>`(1 = 0)`;

const col = (type: FieldType, column: string, extra: Partial<ColumnField> = {}): ColumnField => ({
  kind: 'column',
  type,
  expr: () => sql.ref(`cv.${column}`),
  ...extra,
});

/** A duration from the conversation's start to a statistics time (null until that happened). */
const since = (column: string): ColumnField => ({
  kind: 'column',
  type: 'integer',
  computed: true,
  expr: () => sql`(${sql.ref(`cv.${column}`)} - cv.created_at)`,
});

/** The words of a body, folded: what `source.body =` compares against. */
export function wordsOf(html: string): string[] {
  return foldCase(plainText(html)).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * The stored form of the words: space-separated, with a space at either end. The full-text index
 * (migration 0025) reads it; a word too long to index is left out, and so is the end of a body
 * longer than an index row holds (search/words.ts).
 */
export const sourceWordsOf = (html: string) => ` ${indexedText(wordsOf(html))} `;

const numeric = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : undefined);

/** The source's author, by name or email: admins and contacts alike. */
function authorMatches(column: 'name' | 'email'): CustomField {
  return {
    kind: 'custom',
    type: 'string',
    operators: ['=', '!='],
    async matches(ctx, value) {
      const folded = foldCase(value);
      const admins = ctx.scope.fromAs('admins', 'ad').select(sql<string>`CAST(ad.id AS TEXT)`.as('id')).where(ciText(ctx.engine, sql.ref(`ad.${column}`)), '=', folded);
      const people = ctx.scope.fromAs('contacts', 'co').select('co.id').where(ciText(ctx.engine, sql.ref(`co.${column}`)), '=', folded);
      return sql<SqlBool>`((cv.source_author_type = 'admin' AND cv.source_author_id IN ${admins}) OR (cv.source_author_type = 'user' AND cv.source_author_id IN ${people}))`;
    },
  };
}

const STATISTICS_DATES = ['first_contact_reply_at', 'first_assignment_at', 'first_admin_reply_at', 'first_close_at', 'last_assignment_at',
  'last_assignment_admin_reply_at', 'last_contact_reply_at', 'last_admin_reply_at', 'last_close_at'];

export const CONVERSATION_FIELDS: Record<string, FieldDef> = {
  id: col('integer', 'id', { notNull: true, indexed: true }),
  created_at: col('date', 'created_at', { notNull: true, indexed: true }),
  updated_at: col('date', 'updated_at', { notNull: true, indexed: true }),
  waiting_since: col('date', 'waiting_since'),
  snoozed_until: col('date', 'snoozed_until', { indexed: true }),
  'source.type': col('string', 'source_type', { notNull: true, caseInsensitive: false }),
  'source.id': col('integer', 'source_id', { notNull: true }),
  'source.delivered_as': col('string', 'source_delivered_as', { notNull: true, caseInsensitive: false }),
  'source.subject': col('string', 'source_subject', { notNull: true }),
  'source.url': col('string', 'source_url'),
  'source.author.id': col('string', 'source_author_id', { notNull: true, caseInsensitive: false }),
  // Contacts are stored as `user` whatever their role.
  'source.author.type': {
    kind: 'column',
    type: 'string',
    caseInsensitive: false,
    notNull: true,
    computed: true,
    expr: () => sql`(CASE WHEN cv.source_author_type = 'user' THEN coalesce((SELECT co.role FROM contacts AS co WHERE co.workspace_id = cv.workspace_id AND co.id = cv.source_author_id), 'user') ELSE cv.source_author_type END)`,
  },
  'source.author.name': authorMatches('name'),
  'source.author.email': authorMatches('email'),
  'source.body': {
    kind: 'custom',
    type: 'string',
    operators: ['=', '!='],
    indexed: true,
    async matches(ctx, value) {
      const words = wordsOf(value);
      // Intercom compares against each word of the body separately: a value of several words matches nothing.
      if (words.length !== 1 || words[0] !== foldCase(value.trim()) || words[0].length > MAX_WORD) return FALSE;
      // Through the full-text index of source words (migration 0025). The word is letters and digits
      // only, so it needs no escaping in either query language. SQLite's index holds every
      // workspace's words: the search's own workspace condition keeps the matches in this one.
      if (ctx.engine === 'postgres') return sql<SqlBool>`(cv.source_vector @@ ${`'${words[0]}'`}::tsquery)`;
      return sql<SqlBool>`(cv.search_rowid IN (SELECT rowid FROM conversation_search WHERE conversation_search MATCH ${`source_words : "${words[0]}"`}))`;
    },
  } satisfies CustomField,
  contact_ids: membershipField((s, value) => sql<SqlBool>`(cv.id IN ${s.from('conversation_contacts').select('conversation_id').where('contact_id', '=', value)})`, { acceptsInteger: false }),
  teammate_ids: membershipField((s, value) =>
    sql<SqlBool>`(cv.id IN ${s.from('conversation_parts').select('conversation_id').where('author_type', '=', 'admin').where('author_id', '=', value)})`,
  ),
  tag_ids: membershipField((s, value) => {
    const tagId = numeric(value);
    return tagId === undefined ? undefined : sql<SqlBool>`(cv.id IN ${s.from('conversation_tags').select('conversation_id').where('tag_id', '=', tagId)})`;
  }),
  admin_assignee_id: col('integer', 'admin_assignee_id', { indexed: true }),
  team_assignee_id: col('integer', 'team_assignee_id', { indexed: true }),
  open: { kind: 'column', type: 'boolean', notNull: true, computed: true, expr: () => sql`(CASE WHEN cv.state = 'closed' THEN 0 ELSE 1 END)` },
  read: col('boolean', 'read', { notNull: true }),
  state: col('string', 'state', { notNull: true, caseInsensitive: false, indexed: true }),
  priority: col('string', 'priority', { notNull: true, caseInsensitive: false }),
  // No AI agent takes part in this server's conversations.
  ai_agent_participated: { kind: 'column', type: 'boolean', notNull: true, computed: true, expr: () => sql`0` },
  ...Object.fromEntries(STATISTICS_DATES.map((name) => [`statistics.${name}`, col('date', name)])),
  'statistics.last_closed_by_id': col('string', 'last_closed_by_id', { caseInsensitive: false }),
  'statistics.count_reopens': col('integer', 'count_reopens', { notNull: true }),
  'statistics.count_assignments': col('integer', 'count_assignments', { notNull: true }),
  'statistics.count_conversation_parts': col('integer', 'count_conversation_parts', { notNull: true }),
  'statistics.median_time_to_reply': col('integer', 'median_time_to_reply'),
  'statistics.time_to_assignment': since('first_assignment_at'),
  'statistics.time_to_admin_reply': since('first_admin_reply_at'),
  'statistics.time_to_first_close': since('first_close_at'),
  'statistics.time_to_last_close': since('last_close_at'),
};

/** Conversations have no searchable custom attributes here (none can be defined through the API). */
export async function conversationFields(): Promise<FieldResolver> {
  return (name) => (Object.hasOwn(CONVERSATION_FIELDS, name) ? CONVERSATION_FIELDS[name] : undefined);
}

/** The rows a conversation search returns: every conversation of the workspace (tickets show their `ticket`). */
export const searchableConversations = (s: Scope) => s.fromAs('conversations', 'cv').selectAll('cv');
