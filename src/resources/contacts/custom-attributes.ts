/**
 * Custom attribute values of a contact. The data-attributes resource owns the rules (which names
 * exist, which types they take); this only adapts its validator to contacts.
 */
import type { Ctx } from '../../core/context.js';
import { validateCustomAttributes } from '../data-attributes/public.js';

export async function checkCustomAttributes(ctx: Ctx, input: unknown): Promise<Record<string, unknown>> {
  return validateCustomAttributes(ctx, 'contact', input);
}
