/** Conversations of one workspace (tickets among them), their parts, contacts and tags. */
import { sql } from 'kysely';
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow, type NewRow } from '../../core/scope.js';
import { lockKey } from '../../db/dialect.js';
import type { ConversationPartsTable, ConversationsTable } from '../../db/schema.js';
import type { ApiError } from '../../errors.js';
import { sqlLimit } from '../../http/pagination.js';
import type { NewPart } from './state.js';
import { sourceWordsOf } from './store-search.js';
import { conversationNotFound, type ConversationTagRow, type ConversationView, type People } from './wire.js';

/** Column changes to a conversation (never its workspace, id or creation). */
export type ConversationColumns = Partial<Omit<ConversationsTable, 'workspace_id' | 'id' | 'created_at'>>;

type Defaulted = 'custom_attributes' | 'priority' | 'source_redacted' | 'ticket_attributes' | 'source_attachments' | 'reply_times' | 'count_reopens' | 'count_assignments' | 'count_conversation_parts';

/** A new conversation: everything but its ids and the columns with defaults (which it may set). */
export type NewConversation = Omit<NewRow<'conversations'>, 'id' | 'source_id' | 'source_words' | 'search_rowid' | Defaulted> & Partial<Pick<NewRow<'conversations'>, Defaulted>>;

/** What a new conversation holds unless it says otherwise. */
export const CONVERSATION_DEFAULTS = {
  custom_attributes: '{}', priority: 'not_priority', source_redacted: 0 as const, ticket_attributes: '{}', source_attachments: '[]',
  reply_times: '[]', count_reopens: 0, count_assignments: 0, count_conversation_parts: 0,
};

/** Retrieve shows at most this many parts: the most recent ones (behaviour §9). */
export const PARTS_SHOWN = 500;

export const conversations = defineStore((s) => {
  const store = {
    find: (id: number): Promise<ConversationsTable | undefined> => s.from('conversations').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The conversation a request names, or its 404; an id that cannot exist is never queried. */
    require: (rawId: unknown, notFound: () => ApiError = conversationNotFound): Promise<ConversationsTable> =>
      requireRow(rawId, numericId, store.find, notFound),

    /**
     * The conversation as it is once no other write to it is in progress: serialises writes to one
     * conversation until the transaction ends, so two concurrent replies cannot both fold their
     * statistics onto the same old row.
     */
    async lockAndFind(id: number): Promise<ConversationsTable | undefined> {
      await lockKey(s.db, `conversation:${s.workspaceId}:${id}`);
      return store.find(id);
    },

    /** Inserts a conversation with fresh ids for it and its source message; answers the row. */
    async insert(fields: NewConversation): Promise<ConversationsTable> {
      const [id, sourceId, searchRowid] = await s.nextIds(3);
      await s
        .insert('conversations', { ...CONVERSATION_DEFAULTS, ...fields, id, source_id: sourceId, source_words: sourceWordsOf(fields.source_body ?? ''), search_rowid: searchRowid })
        .execute();
      return (await store.find(id))!;
    },

    async update(id: number, changes: ConversationColumns): Promise<void> {
      if (Object.keys(changes).length === 0) return;
      await s.update('conversations').set(changes).where('id', '=', id).execute();
    },

    /** Writes parts in order, with fresh ids, at `now`; answers the rows written. */
    async appendParts(conversationId: number, parts: NewPart[], now: number): Promise<ConversationPartsTable[]> {
      if (parts.length === 0) return [];
      const ids = await s.nextIds(parts.length);
      const rows = parts.map((p, i) => ({
        id: ids[i],
        conversation_id: conversationId,
        part_type: p.part_type,
        body: p.body,
        author_type: p.author.type,
        author_id: p.author.id,
        assigned_to_type: p.assigned_to?.type ?? null,
        assigned_to_id: p.assigned_to?.id ?? null,
        redacted: 0 as const,
        external_id: null,
        attachments: JSON.stringify(p.attachments),
        ticket_state: null,
        previous_ticket_state: null,
        notified_at: now,
        created_at: now,
        updated_at: now,
      }));
      await s.insert('conversation_parts', rows).execute();
      return rows.map((r) => ({ ...r, workspace_id: s.workspaceId }));
    },

    findPart: (conversationId: number, partId: number): Promise<ConversationPartsTable | undefined> =>
      s.from('conversation_parts').selectAll().where('conversation_id', '=', conversationId).where('id', '=', partId).executeTakeFirst(),

    async redactPart(partId: number, body: string, now: number): Promise<void> {
      await s.update('conversation_parts').set({ body, redacted: 1, updated_at: now }).where('id', '=', partId).execute();
    },

    /** Replaces the source's text with `body` (a redaction). */
    async redactSource(conversationId: number, body: string, now: number): Promise<void> {
      await s
        .update('conversations')
        .set({ source_body: body, source_redacted: 1, source_words: sourceWordsOf(body), updated_at: now })
        .where('id', '=', conversationId)
        .execute();
    },

    /** The most recent `limit` parts of a conversation, oldest first, and how many it has. */
    async recentParts(conversationId: number, limit = PARTS_SHOWN): Promise<{ rows: ConversationPartsTable[]; total: number }> {
      const ofConversation = s.from('conversation_parts').where('conversation_id', '=', conversationId);
      const totalRow = await ofConversation.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await ofConversation.selectAll().orderBy('id', 'desc').limit(sqlLimit(limit)).execute();
      return { rows: rows.reverse(), total: Number(totalRow.n) };
    },

    /** Contact ids of a conversation, in the order they joined. */
    async contactIdsOf(conversationId: number): Promise<string[]> {
      return (await store.contactIdsOfMany([conversationId])).get(conversationId) ?? [];
    },

    async contactIdsOfMany(ids: number[]): Promise<Map<number, string[]>> {
      const grouped = new Map<number, string[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return grouped;
      const rows = await s
        .from('conversation_contacts')
        .select(['conversation_id', 'contact_id'])
        .where('conversation_id', 'in', ids)
        .orderBy('added_at')
        .orderBy('contact_id')
        .execute();
      for (const row of rows) grouped.get(Number(row.conversation_id))?.push(row.contact_id);
      return grouped;
    },

    /** Adds a contact to a conversation; false when it already was one of its contacts. */
    async addContact(conversationId: number, contactId: string, now: number): Promise<boolean> {
      const result = await s
        .insert('conversation_contacts', { conversation_id: conversationId, contact_id: contactId, added_at: now })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeContact(conversationId: number, contactId: string): Promise<boolean> {
      const result = await s.delete('conversation_contacts').where('conversation_id', '=', conversationId).where('contact_id', '=', contactId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** The contact's most recently updated conversation (the path id `last`). */
    async lastOfContact(contactId: string): Promise<ConversationsTable | undefined> {
      return s
        .fromAs('conversations', 'cv')
        .selectAll('cv')
        .where(sql.ref('cv.id'), 'in', s.from('conversation_contacts').select('conversation_id').where('contact_id', '=', contactId))
        .orderBy('cv.updated_at', 'desc')
        .orderBy('cv.id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /**
     * Merge: the lead's conversations become the user's (kept where the user already takes part),
     * and the parts and sources the lead wrote are the user's.
     */
    async moveContact(fromId: string, intoId: string): Promise<void> {
      const already = s.from('conversation_contacts').select('conversation_id').where('contact_id', '=', intoId);
      await s.update('conversation_contacts').set({ contact_id: intoId }).where('contact_id', '=', fromId).where('conversation_id', 'not in', already).execute();
      await s.update('conversation_parts').set({ author_id: intoId }).where('author_type', '=', 'user').where('author_id', '=', fromId).execute();
      await s.update('conversations').set({ source_author_id: intoId }).where('source_author_type', '=', 'user').where('source_author_id', '=', fromId).execute();
    },

    /** Tags a conversation; false when it already had the tag. */
    async addTag(conversationId: number, tagId: number, adminId: number, now: number): Promise<boolean> {
      const result = await s
        .insert('conversation_tags', { conversation_id: conversationId, tag_id: tagId, applied_at: now, applied_by: adminId })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeTag(conversationId: number, tagId: number): Promise<boolean> {
      const result = await s.delete('conversation_tags').where('conversation_id', '=', conversationId).where('tag_id', '=', tagId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /**
     * One page of conversations by `updated_at` (newest first) then id, after the cursor when given,
     * and how many there are (kept by triggers, migration 0025: counting a large workspace on every
     * page cost more than the page).
     */
    async listed(options: { after?: { updatedAt: number; id: number }; limit: number }): Promise<{ rows: ConversationsTable[]; total: number }> {
      const totalRow = await s.from('conversation_counts').select('total').executeTakeFirst();
      let page = s.from('conversations').selectAll();
      if (options.after) {
        const { updatedAt, id } = options.after;
        page = page.where((eb) => eb.or([eb('updated_at', '<', updatedAt), eb.and([eb('updated_at', '=', updatedAt), eb('id', '<', id)])]));
      }
      const rows = await page.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(sqlLimit(options.limit)).execute();
      return { rows, total: Number(totalRow?.total ?? 0) };
    },

    /**
     * Conversations as their answers show them: contacts, tags, teammates, and the names of every
     * person they mention, in a fixed number of statements whatever their number. `withParts` adds
     * the most recent parts, two statements per conversation (retrieve reads one).
     */
    async load(rows: ConversationsTable[], options: { withParts?: boolean } = {}): Promise<ConversationView[]> {
      const ids = rows.map((r) => Number(r.id));
      const contactIds = await store.contactIdsOfMany(ids);
      const tags = await tagsOfMany(ids);
      const teammates = await teammatesOfMany(ids);
      const parts = new Map<number, { rows: ConversationPartsTable[]; total: number }>();
      if (options.withParts) for (const id of ids) parts.set(id, await store.recentParts(id));
      const people = await peopleOf(rows, [...contactIds.values()].flat(), [...parts.values()].flatMap((p) => p.rows));
      return rows.map((row) => ({
        row,
        contactIds: contactIds.get(Number(row.id)) ?? [],
        tags: tags.get(Number(row.id)) ?? [],
        teammateIds: teammates.get(Number(row.id)) ?? [],
        parts: parts.get(Number(row.id)),
        people,
      }));
    },
  };

  async function tagsOfMany(ids: number[]): Promise<Map<number, ConversationTagRow[]>> {
    const grouped = new Map<number, ConversationTagRow[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return grouped;
    const rows = await s
      .fromAs('conversation_tags', 'ct')
      .innerJoin('tags as t', (join) => join.onRef('t.workspace_id', '=', 'ct.workspace_id').onRef('t.id', '=', 'ct.tag_id'))
      .select(['ct.conversation_id', 'ct.tag_id', 't.name', 'ct.applied_at', 'ct.applied_by'])
      .where('ct.conversation_id', 'in', ids)
      .orderBy('ct.applied_at')
      .orderBy('ct.tag_id')
      .execute();
    for (const row of rows) {
      grouped.get(Number(row.conversation_id))?.push({ tag_id: Number(row.tag_id), name: row.name, applied_at: Number(row.applied_at), applied_by: row.applied_by === null ? null : Number(row.applied_by) });
    }
    return grouped;
  }

  /** The admins who wrote parts in each conversation, by their first part. */
  async function teammatesOfMany(ids: number[]): Promise<Map<number, string[]>> {
    const grouped = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return grouped;
    const rows = await s
      .from('conversation_parts')
      .select(['conversation_id', 'author_id'])
      .select((eb) => eb.fn.min('id').as('first'))
      .where('conversation_id', 'in', ids)
      .where('author_type', '=', 'admin')
      .groupBy(['conversation_id', 'author_id'])
      .orderBy('first')
      .execute();
    for (const row of rows) grouped.get(Number(row.conversation_id))?.push(row.author_id);
    return grouped;
  }

  /** Names and emails of the admins, teams and contacts the rows and parts mention. */
  async function peopleOf(rows: ConversationsTable[], contactIds: string[], parts: ConversationPartsTable[]): Promise<People> {
    const wanted = { admin: new Set<string>(), team: new Set<string>(), user: new Set<string>(contactIds) };
    const note = (type: string, id: string | null) => {
      if (id !== null && (type === 'admin' || type === 'team' || type === 'user')) wanted[type].add(id);
    };
    for (const row of rows) note(row.source_author_type, row.source_author_id);
    for (const part of parts) {
      note(part.author_type, part.author_id);
      if (part.assigned_to_type !== null) note(part.assigned_to_type, part.assigned_to_id);
    }
    const numeric = (set: Set<string>) => [...set].map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const adminIds = numeric(wanted.admin);
    const teamIds = numeric(wanted.team);
    const admins = adminIds.length === 0 ? [] : await s.from('admins').select(['id', 'name', 'email']).where('id', 'in', adminIds).execute();
    const teams = teamIds.length === 0 ? [] : await s.from('teams').select(['id', 'name']).where('id', 'in', teamIds).execute();
    const contacts = wanted.user.size === 0 ? [] : await s.from('contacts').select(['id', 'name', 'email', 'role', 'external_id']).where('id', 'in', [...wanted.user]).execute();
    return {
      workspaceId: s.workspaceId,
      admins: new Map(admins.map((a) => [String(a.id), { name: a.name, email: a.email }])),
      teams: new Map(teams.map((t) => [String(t.id), { name: t.name }])),
      contacts: new Map(contacts.map((c) => [c.id, { name: c.name, email: c.email, role: c.role, external_id: c.external_id }])),
    };
  }

  return store;
});
