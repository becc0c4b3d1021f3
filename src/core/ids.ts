/** Making and parsing the ids that arrive in paths and bodies. An id that cannot exist is simply not found. */
import { randomBytes } from 'node:crypto';

/** Numeric Intercom ids ("991267460"): a positive safe integer, or undefined. */
export function numericId(raw: unknown): number | undefined {
  const text = String(raw ?? '');
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}

/**
 * 24-hex ids (contacts, companies, segments), shaped like Intercom's: a 4-byte timestamp followed by
 * 8 random bytes, so they sort roughly by creation and never collide in practice.
 */
export function hexId(nowSeconds: number): string {
  const time = Buffer.alloc(4);
  time.writeUInt32BE(nowSeconds >>> 0);
  return time.toString('hex') + randomBytes(8).toString('hex');
}

export function isHexId(raw: unknown): raw is string {
  return typeof raw === 'string' && /^[0-9a-f]{24}$/.test(raw);
}

/** A 24-hex id as `requireRow` parses ids: the id, or undefined when it cannot be one. */
export const hexIdOf = (raw: unknown): string | undefined => (isHexId(raw) ? raw : undefined);
