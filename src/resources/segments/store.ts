/**
 * Segments of one workspace. Membership is never stored: a segment is a contact predicate (its rule,
 * compiled by contacts' search fields) evaluated when asked, and all of a workspace's segments are
 * evaluated by one statement — one column per segment — whether for a contact or for counts.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { defineStore, requireRow, type ScopeSource } from '../../core/scope.js';
import { hexIdOf } from '../../core/ids.js';
import type { SegmentsTable } from '../../db/schema.js';
import type { CompileContext } from '../../search/types.js';
import { liveContactsToCount, segmentPredicate } from '../contacts/public.js';
import { segmentNotFound } from './wire.js';

/** One column per segment, `s<i>`, from each segment's predicate. */
async function predicates(cctx: CompileContext, segments: SegmentsTable[]): Promise<RawBuilder<SqlBool>[]> {
  return Promise.all(segments.map((segment) => segmentPredicate(cctx, segment)));
}

export const segments = defineStore((s) => {
  const store = {
    list: (): Promise<SegmentsTable[]> => s.from('segments').selectAll().orderBy('created_at').orderBy('name').execute(),

    /** The segment a request names, or Intercom's 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<SegmentsTable> =>
      requireRow(rawId, hexIdOf, (id) => s.from('segments').selectAll().where('id', '=', id).executeTakeFirst(), segmentNotFound),

    async insert(rows: Omit<SegmentsTable, 'workspace_id'>[]): Promise<void> {
      if (rows.length > 0) await s.insert('segments', rows).execute();
    },

    /** Live contacts in each segment now, in `list` order: one scan of the workspace's live contacts. */
    async counts(cctx: CompileContext, list: SegmentsTable[]): Promise<number[]> {
      if (list.length === 0) return [];
      const columns = (await predicates(cctx, list)).map((p, i) => sql<number>`count(CASE WHEN ${p} THEN 1 END)`.as(`s${i}`));
      const row = (await liveContactsToCount(s).select(columns).executeTakeFirst()) as Record<string, unknown> | undefined;
      return list.map((_, i) => Number(row?.[`s${i}`] ?? 0));
    },

    /** Whether the contact is in each segment now, in `list` order: one statement for all of them. */
    async membership(cctx: CompileContext, contactId: string, list: SegmentsTable[]): Promise<boolean[]> {
      if (list.length === 0) return [];
      const columns = (await predicates(cctx, list)).map((p, i) => sql<number>`(CASE WHEN ${p} THEN 1 ELSE 0 END)`.as(`s${i}`));
      const row = (await s.fromAs('contacts', 'c').select(columns).where('c.id', '=', contactId).executeTakeFirst()) as
        | Record<string, unknown>
        | undefined;
      return list.map((_, i) => Number(row?.[`s${i}`] ?? 0) === 1);
    },

    /** Segments whose rule mentions `field` (e.g. `custom_attributes.plan`): what blocks archiving it. */
    async usingField(field: string): Promise<SegmentsTable[]> {
      return (await store.list()).filter((r) => fieldsOf(JSON.parse(r.query)).has(field));
    },
  };
  return store;
});

/** Fields named anywhere in a stored query. */
export function fieldsOf(query: unknown, into = new Set<string>()): Set<string> {
  if (query && typeof query === 'object') {
    const node = query as { field?: unknown; value?: unknown };
    if (typeof node.field === 'string') into.add(node.field);
    if (Array.isArray(node.value)) for (const child of node.value) fieldsOf(child, into);
  }
  return into;
}

/** Segments whose rule mentions `field`: for data attributes, which may not archive one in use. */
export const segmentsUsingField = (source: ScopeSource, field: string): Promise<SegmentsTable[]> => segments(source).usingField(field);
