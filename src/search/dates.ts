/**
 * Calendar days in a timezone, for Intercom's date semantics (behaviour §5): a date filter compares
 * the day of the given timestamp, in the workspace's timezone, not the instant.
 */

/**
 * The dates a search can compare with: years 1 to 9999 (UTC), ISO 8601's four-digit years AD, the
 * range of Python's and .NET's datetimes too. JavaScript's Date reaches further, but a value past
 * this is a typo or a sentinel (Number.MAX_SAFE_INTEGER), and beyond Date's range the day arithmetic
 * below threw (a 500).
 */
export const MIN_DATE = -62_135_596_800; // 0001-01-01T00:00:00Z
export const MAX_DATE = 253_402_300_799; // 9999-12-31T23:59:59Z
/** The largest relative date (`{"days_ago": n}`, either sign): the whole span of those years. */
export const MAX_DAYS_AGO = Math.floor((MAX_DATE - MIN_DATE) / 86_400);

export const isRepresentableDate = (seconds: number) => seconds >= MIN_DATE && seconds <= MAX_DATE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      // An unknown timezone name falls back to UTC rather than failing every date search.
      f = formatter('UTC');
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant (unix seconds). Years are astronomical: 1 BC is year 0. */
function localParts(seconds: number, timezone: string) {
  const parts: Record<string, number> = {};
  let bc = false;
  for (const p of formatter(timezone).formatToParts(new Date(seconds * 1000))) {
    // Near MIN_DATE, a zone west of UTC is still in 1 BC, which Intl writes as year 1 with an era.
    if (p.type === 'era') bc = p.value === 'BC';
    else if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  if (bc) parts.year = 1 - parts.year;
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Date.UTC in seconds, except that years 0 to 99 are those years (Date.UTC reads them as 1900 to 1999). */
function utcSeconds(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // overflowing days roll over as with Date.UTC
  date.setUTCHours(hour, minute, second);
  return date.getTime() / 1000;
}

/** Offset of `timezone` from UTC at an instant, in seconds. */
function offsetAt(seconds: number, timezone: string): number {
  const p = localParts(seconds, timezone);
  return utcSeconds(p.year, p.month, p.day, p.hour, p.minute, p.second) - seconds;
}

/** The instant local midnight of (year, month, day) happens in `timezone`. */
function localMidnight(year: number, month: number, day: number, timezone: string): number {
  const naive = utcSeconds(year, month, day);
  let guess = naive - offsetAt(naive, timezone);
  guess = naive - offsetAt(guess, timezone); // second pass settles offsets that change that day
  return guess;
}

const cache = new Map<string, [number, number]>();
const CACHE_SIZE = 2000;

/** [start of the day containing `seconds`, start of the next day), in `timezone`. */
export function dayBounds(seconds: number, timezone: string): [number, number] {
  // Intl formatting is the costly part of a date filter; the same values recur (clients page with
  // the same query), so remember recent answers.
  const key = `${timezone}|${seconds}`;
  const hit = cache.get(key);
  if (hit) return [hit[0], hit[1]];
  const p = localParts(seconds, timezone);
  const bounds: [number, number] = [localMidnight(p.year, p.month, p.day, timezone), localMidnight(p.year, p.month, p.day + 1, timezone)];
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, bounds);
  return [bounds[0], bounds[1]];
}
