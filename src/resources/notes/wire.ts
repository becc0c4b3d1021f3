import type { NotesTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import type { Admin } from '../admins/public.js';

/** Intercom's 404 for a note a path names, and for an unknown `admin_id` in POST /contacts/{id}/notes. */
export const noteNotFound = () => notFound('Resource Not Found');

export function noteWire(row: NotesTable, author: Admin): components['schemas']['note'] {
  return {
    type: 'note',
    id: String(row.id),
    created_at: Number(row.created_at),
    contact: { type: 'contact', id: row.contact_id },
    author,
    body: row.body,
  };
}
