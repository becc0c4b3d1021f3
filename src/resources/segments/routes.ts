import { sql } from 'kysely';
import type { SegmentsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Ctx, Handlers } from '../../core/context.js';
import { isHexId } from '../../core/ids.js';
import { compileContext, segmentPredicate } from '../../search/contacts.js';
import { liveContactsToCount } from '../contacts/store.js';
import * as store from './store.js';

export function segmentWire(row: SegmentsTable, count?: number) {
  return {
    type: 'segment' as const,
    id: row.id,
    name: row.name,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    person_type: row.person_type,
    ...(count !== undefined ? { count } : {}),
  };
}

/** Live contacts in the segment, evaluated now from the data (membership is never stored). */
export async function segmentCount(ctx: Ctx, segment: SegmentsTable): Promise<number> {
  const predicate = await segmentPredicate(compileContext(ctx.db, ctx.workspace, ctx.clock.now()), segment);
  const row = await liveContactsToCount(ctx.db, ctx.workspace.id)
    .select(sql<number>`count(*)`.as('n'))
    .where(predicate)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function loadContact(ctx: Ctx, id: unknown) {
  const row =
    typeof id === 'string' && id.length <= 64
      ? await ctx.db.selectFrom('contacts').select(['id', 'archived']).where('workspace_id', '=', ctx.workspace.id).where('id', '=', id).executeTakeFirst()
      : undefined;
  if (!row) throw notFound('User Not Found');
  return row;
}

export const segmentHandlers: Handlers = {
  async listSegments(ctx, { query }) {
    const rows = await store.listSegments(ctx.db, ctx.workspace.id);
    const withCount = query.include_count === true;
    const segments = [];
    for (const row of rows) segments.push(segmentWire(row, withCount ? await segmentCount(ctx, row) : undefined));
    return { type: 'segment.list', segments };
  },

  async retrieveSegment(ctx, { params }) {
    const id = params.segment_id;
    const row = isHexId(id) ? await store.findSegment(ctx.db, ctx.workspace.id, id) : undefined;
    if (!row) throw notFound('Resource Not Found');
    return segmentWire(row);
  },

  /** The segments a contact is in right now. Archived contacts are in none (they never match searches). */
  async listSegmentsForAContact(ctx, { params }) {
    const contact = await loadContact(ctx, params.contact_id);
    const rows = await store.listSegments(ctx.db, ctx.workspace.id);
    if (contact.archived === 1 || rows.length === 0) return { type: 'list', data: [] };
    const cctx = compileContext(ctx.db, ctx.workspace, ctx.clock.now());
    const data = [];
    for (const row of rows) {
      const predicate = await segmentPredicate(cctx, row);
      const hit = await ctx.db
        .selectFrom('contacts as c')
        .select(sql<number>`1`.as('hit'))
        .where('c.workspace_id', '=', ctx.workspace.id)
        .where('c.id', '=', contact.id)
        .where(predicate)
        .executeTakeFirst();
      if (hit) data.push(segmentWire(row));
    }
    return { type: 'list', data };
  },
};
