/** Segments: listSegments (optionally with live counts), retrieveSegment, listSegmentsForAContact. */
import type { Handlers } from '../../core/context.js';
import { contactCompileContext, contacts } from '../contacts/public.js';
import { segments } from './store.js';
import { segmentWire } from './wire.js';

export const segmentHandlers: Handlers = {
  async listSegments(ctx, { query }) {
    const rows = await segments(ctx).list();
    const counts = query.include_count === true ? await segments(ctx).counts(await contactCompileContext(ctx), rows) : undefined;
    return { type: 'segment.list', segments: rows.map((row, i) => segmentWire(row, counts?.[i])) };
  },

  async retrieveSegment(ctx, { params }) {
    return segmentWire(await segments(ctx).require(params.segment_id));
  },

  /** The segments a contact is in right now. Archived contacts are in none (they never match searches). */
  async listSegmentsForAContact(ctx, { params }) {
    const contact = await contacts(ctx).require(params.contact_id);
    const rows = await segments(ctx).list();
    if (contact.archived === 1 || rows.length === 0) return { type: 'list', data: [] };
    const member = await segments(ctx).membership(await contactCompileContext(ctx), contact.id, rows);
    return { type: 'list', data: rows.filter((_, i) => member[i]).map((row) => segmentWire(row)) };
  },
};
