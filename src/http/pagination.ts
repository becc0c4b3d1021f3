/**
 * The two pagination styles of Intercom's API.
 *
 * Cursor lists (GET /contacts, searches, activity logs): `pages.next = {page, per_page, starting_after}`
 * while more remain, and no `next` at all on the last page: the official SDK keeps fetching while
 * `pages.next.starting_after` is set.
 *
 * Page-number lists (companies, articles…): the SDK increments `page` until `data` comes back empty,
 * so a page past the end is a normal 200 with no items.
 */
import { badRequest } from '../errors.js';

export const MAX_PER_PAGE = 150;

export function perPage(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest('per_page must be a positive integer', 'parameter_invalid', 'per_page');
  if (n > MAX_PER_PAGE) throw badRequest(`per_page must be ${MAX_PER_PAGE} or less`, 'parameter_invalid', 'per_page');
  return n;
}

export { sqlLimit } from '../db/sql-limit.js';

/**
 * The highest `page` of a page-number list. Intercom caps company lists at 10,000; the same bound
 * here keeps OFFSET ((page - 1) × per_page ≤ 1.5 million) far inside what both engines accept. The
 * URL's `page` arrives already coerced to a number by the schema, so "99999999999999999999" is
 * 1e20 here, an integer to JavaScript: unbounded, its OFFSET overflowed both engines (a 500).
 */
export const MAX_PAGE = 10_000;

export function pageNumber(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest('page must be a positive integer', 'parameter_invalid', 'page');
  if (n > MAX_PAGE) throw badRequest(`page must be ${MAX_PAGE} or less`, 'parameter_invalid', 'page');
  return n;
}

/** A cursor: the sort key of the last item returned, plus the page number it ended. Opaque to clients. */
export interface Cursor {
  page: number;
  key: (string | number | null)[];
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.page, ...cursor.key])).toString('base64url');
}

/** Key shapes a caller expects from its own cursors. */
export const isSortKey = {
  /** [unix seconds, string id]: lists ordered by creation time. */
  timeAndId: (key: unknown[]) => key.length === 2 && Number.isSafeInteger(key[0]) && typeof key[1] === 'string',
};

/**
 * Reads a cursor sent back as `starting_after`. A cursor is opaque but travels through clients, so
 * anything that is not one of ours (or whose key does not have the shape `isValidKey` expects) is a
 * 400, never a value handed to the database.
 */
export function decodeCursor(raw: unknown, isValidKey: (key: unknown[]) => boolean = () => true): Cursor | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length >= 2 && Number.isSafeInteger(parsed[0]) && parsed[0] >= 1) {
      const key = parsed.slice(1);
      const scalar = (k: unknown) => typeof k === 'string' || typeof k === 'number' || k === null;
      if (key.every(scalar) && isValidKey(key)) return { page: parsed[0], key };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('starting_after is not a valid pagination cursor', 'parameter_invalid', 'starting_after');
}

export interface CursorPages {
  type: 'pages';
  page: number;
  per_page: number;
  total_pages: number;
  next?: { page: number; per_page: number; starting_after: string };
}

/**
 * Builds `pages` for a cursor list. `rows` is what was fetched with LIMIT perPage + 1, so one extra
 * row tells whether another page exists; the caller gets back the rows to show.
 */
export function cursorPage<T>(
  rows: T[],
  options: { perPage: number; page: number; totalCount: number; keyOf: (row: T) => (string | number)[] },
): { items: T[]; pages: CursorPages } {
  const items = rows.slice(0, options.perPage);
  const pages: CursorPages = {
    type: 'pages',
    page: options.page,
    per_page: options.perPage,
    total_pages: Math.ceil(options.totalCount / options.perPage),
  };
  if (rows.length > options.perPage && items.length > 0) {
    const starting_after = encodeCursor({ page: options.page + 1, key: options.keyOf(items[items.length - 1]) });
    pages.next = { page: options.page + 1, per_page: options.perPage, starting_after };
  }
  return { items, pages };
}

/**
 * `pages` of a page-number list (notes, companies, articles…). It has no `next` cursor: the official
 * SDK asks for the following page until `data` comes back empty, so a page past the end is a 200
 * with no items, never an error.
 */
export function numberedPage(options: { page: number; perPage: number; totalCount: number }) {
  return { type: 'pages' as const, page: options.page, per_page: options.perPage, total_pages: Math.ceil(options.totalCount / options.perPage) };
}

/** `pages` of a page-number list whose schema links the next page (`pages_link`): its URL, or null on the last. */
export function linkedPage(options: { page: number; perPage: number; totalCount: number; path: string }) {
  const pages = numberedPage(options);
  const next = options.page < pages.total_pages ? `${options.path}?page=${options.page + 1}&per_page=${options.perPage}` : null;
  return { ...pages, next };
}

/** The OFFSET of a page of a page-number list (`page` is bounded by `pageNumber`). */
export const pageOffset = (page: number, perPage: number) => (page - 1) * perPage;
