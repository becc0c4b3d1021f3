/**
 * Custom attribute values of a contact. The data-attributes resource owns the rules (which names
 * exist, which types they take); this only adapts its validator to contacts.
 */
import type { Ctx } from '../../core/context.js';
// TODO(port): via data-attributes public.ts (`validateCustomAttributes(ctx, model, input)`, being added concurrently).
import { validateCustomAttributes } from '../data-attributes/validate.js';

export async function checkCustomAttributes(ctx: Ctx, input: unknown): Promise<Record<string, unknown>> {
  return validateCustomAttributes(ctx.db, ctx.workspace.id, 'contact', input);
}
