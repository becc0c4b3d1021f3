/**
 * Article text as search sees it. Words are folded in JavaScript (lower case, then compatibility
 * decomposition without accents: "Élan" → "elan") and split on anything that is not a letter or a
 * digit; the database stores and indexes those words as they are, so SQLite and PostgreSQL find the
 * same articles for the same phrase.
 */

import { indexedText, MAX_WORD } from '../../search/words.js';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The folded words of `text`, in order (none longer than the index keeps). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && w.length <= MAX_WORD);
}

/** What the search columns hold: the words joined by single spaces, cut at a word. */
export const searchText = (text: string): string => indexedText(words(text));

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The readable text of an HTML body: tags become spaces, entities their characters. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Segment {
  type: 'highlight' | 'plain';
  text: string;
}

interface Located {
  start: number;
  end: number;
  hit: boolean;
}

/** Each word of `text` with its place, and whether it is one of the searched words. */
function locate(text: string, wanted: Set<string>): Located[] {
  const found: Located[] = [];
  for (const m of text.matchAll(WORD)) {
    found.push({ start: m.index, end: m.index + m[0].length, hit: words(m[0]).some((w) => wanted.has(w)) });
  }
  return found;
}

/** `text[from, to)` cut into plain and highlighted runs. */
function segments(text: string, located: Located[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  const push = (type: Segment['type'], part: string) => {
    if (part === '') return;
    const last = out[out.length - 1];
    if (last && last.type === type) last.text += part;
    else out.push({ type, text: part });
  };
  let at = from;
  for (const w of located) {
    if (!w.hit || w.start < from || w.end > to) continue;
    // Searched words separated by spaces only read as one highlighted run ("Getting started").
    const between = text.slice(at, w.start);
    const joined = out.length > 0 && out[out.length - 1].type === 'highlight' && /^\s+$/.test(between) && at > from;
    push(joined ? 'highlight' : 'plain', between);
    push('highlight', text.slice(w.start, w.end));
    at = w.end;
  }
  push('plain', text.slice(at, to));
  return out;
}

/** The title with the searched words marked. */
export function highlightTitle(title: string, wanted: Set<string>): Segment[] {
  return segments(title, locate(title, wanted), 0, title.length);
}

/** Words of context shown before and after a match in a summary, and how many summaries at most. */
const BEFORE = 6;
const AFTER = 12;
const MAX_SNIPPETS = 3;

/**
 * Up to three passages of the body around the searched words, each cut into plain and highlighted
 * runs; passages do not overlap.
 */
export function highlightSummary(text: string, wanted: Set<string>): Segment[][] {
  const located = locate(text, wanted);
  const snippets: Segment[][] = [];
  let coveredUpTo = -1;
  for (let i = 0; i < located.length && snippets.length < MAX_SNIPPETS; i++) {
    if (!located[i].hit || i <= coveredUpTo) continue;
    const first = Math.max(i - BEFORE, coveredUpTo + 1);
    const last = Math.min(i + AFTER, located.length - 1);
    // A passage that reaches the start or the end of the body keeps what is before or after its words (punctuation).
    const from = first === 0 ? 0 : located[first].start;
    const to = last === located.length - 1 ? text.length : located[last].end;
    snippets.push(segments(text, located, from, to));
    coveredUpTo = last;
  }
  return snippets;
}
