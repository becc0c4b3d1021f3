import type { TagsTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a tag that a path or body names. */
export const tagNotFound = () => notFound('Resource Not Found');

/** GET /tags/{id} and GET /tags list the tag alone, so `applied_at`/`applied_by` are null. */
export function tagWire(row: TagsTable): components['schemas']['tag'] {
  return { type: 'tag', id: String(row.id), name: row.name, applied_at: null, applied_by: null };
}

/** POST /tags answers with the short form. */
export const tagBasic = (row: TagsTable) => ({ type: 'tag' as const, id: String(row.id), name: row.name });
