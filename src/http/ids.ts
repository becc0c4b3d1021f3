/** Parsing of ids that arrive in paths and bodies. An id that cannot exist is simply not found. */

/** Numeric Intercom ids ("991267460"): a positive safe integer, or undefined. */
export function numericId(raw: unknown): number | undefined {
  const text = String(raw ?? '');
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const n = Number(text);
  return n > 0 ? n : undefined;
}
