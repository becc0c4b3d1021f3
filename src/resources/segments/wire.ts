import type { SegmentsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a segment that a path names. */
export const segmentNotFound = () => notFound('Resource Not Found');

/** A segment; `count` (live contacts in it now) only when asked for (`include_count=true`). */
export function segmentWire(row: SegmentsTable, count?: number): components['schemas']['segment'] {
  return {
    type: 'segment',
    id: row.id,
    name: row.name,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    person_type: row.person_type,
    ...(count !== undefined ? { count } : {}),
  };
}
