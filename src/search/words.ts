/**
 * Bounds on what a full-text index holds (articles, conversations' source words), the same on both
 * engines so that a long text indexes alike on each instead of failing on one.
 */

/**
 * A run of letters longer than this is no word anyone searches for (a hash, an encoded blob): it is
 * neither indexed nor searched. PostgreSQL refuses index words over 2,047 bytes.
 */
export const MAX_WORD = 100;

/**
 * How much of a text is searchable. PostgreSQL holds at most 1 MB of distinct words per indexed
 * row; 300,000 characters of words stay under it whatever they are (each word costs its length
 * plus a few bytes).
 */
const MAX_SEARCH_TEXT = 300_000;

/** Words (already folded and split) as an index holds them: joined by single spaces, cut at a word. */
export function indexedText(words: string[]): string {
  const joined = words.filter((w) => w.length <= MAX_WORD).join(' ');
  if (joined.length <= MAX_SEARCH_TEXT) return joined;
  const cut = joined.lastIndexOf(' ', MAX_SEARCH_TEXT);
  return joined.slice(0, cut > 0 ? cut : MAX_SEARCH_TEXT);
}
