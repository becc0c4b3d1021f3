/**
 * Custom attribute values of a contact. The data-attributes resource owns the rules (which names
 * exist, which types they take); this only adapts its validator to contacts.
 */
import type { Db } from '../../db/database.js';
import { validateCustomAttributes } from '../data-attributes/validate.js';

export async function checkCustomAttributes(db: Db, workspaceId: string, input: unknown): Promise<Record<string, unknown>> {
  return validateCustomAttributes(db, workspaceId, 'contact', input);
}
