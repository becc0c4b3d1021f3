/** Checks of the controls' request bodies and queries: every mistake a 400 naming the field. */
import { ApiError } from '../../errors.js';

export function bodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError('bad_request', 'The body must be a JSON object');
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new ApiError('parameter_invalid', `Unknown parameter ${unknown[0]} (expected ${allowed.join(', ')})`, unknown[0]);
  return body as Record<string, unknown>;
}

export function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ApiError('parameter_invalid', `${field} must be a whole number from ${min} to ${max}`, field);
  }
  return value;
}

/** A query parameter that must be a whole number (queries arrive as text). */
export function queryInteger(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!/^-?\d{1,16}$/.test(text)) throw new ApiError('parameter_invalid', `${field} must be a whole number from ${min} to ${max}`, field);
  return integerIn(Number(text), field, min, max);
}

export function onlyQuery(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new ApiError('parameter_invalid', `Unknown query parameter ${unknown[0]} (expected ${allowed.join(', ')})`, unknown[0]);
}
