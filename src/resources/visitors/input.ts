/** Checking what a request sets on a visitor: the same rules as the matching contact fields. */
import type { Ctx } from '../../core/context.js';
import { badRequest } from '../../errors.js';
import { validateCustomAttributes, MAX_STRING_ATTRIBUTE_LENGTH } from '../data-attributes/public.js';

/** A text field: a string of at most 255 characters (trimmed; empty means none), or null to clear it. */
export function textField(raw: unknown, field: string): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string') throw badRequest(`${field} must be a string`, 'parameter_invalid', field);
  const value = raw.trim();
  if (value.length > MAX_STRING_ATTRIBUTE_LENGTH) throw badRequest(`${field} must be at most ${MAX_STRING_ATTRIBUTE_LENGTH} characters`, 'parameter_invalid', field);
  return value === '' ? null : value;
}

export function emailField(raw: unknown): string | null {
  const email = textField(raw, 'email');
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest('email is not a valid email address', 'parameter_invalid', 'email');
  return email;
}

/**
 * `custom_attributes` checked against the workspace's contact data attributes (a visitor's attributes
 * become the contact's when it converts) and merged into `current` (a null value removes one).
 */
export async function mergedAttributes(ctx: Ctx, raw: unknown, current = '{}'): Promise<string> {
  const values = await validateCustomAttributes(ctx, 'contact', raw);
  const merged: Record<string, unknown> = JSON.parse(current || '{}');
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}
