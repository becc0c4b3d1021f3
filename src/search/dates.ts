/**
 * Calendar days in a timezone, for Intercom's date semantics (behaviour §5): a date filter compares
 * the day of the given timestamp, in the workspace's timezone, not the instant.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      // An unknown timezone name falls back to UTC rather than failing every date search.
      f = formatter('UTC');
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant (unix seconds). */
function localParts(seconds: number, timezone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(seconds * 1000))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Offset of `timezone` from UTC at an instant, in seconds. */
function offsetAt(seconds: number, timezone: string): number {
  const p = localParts(seconds, timezone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - seconds;
}

/** The instant local midnight of (year, month, day) happens in `timezone`. */
function localMidnight(year: number, month: number, day: number, timezone: string): number {
  const naive = Date.UTC(year, month - 1, day) / 1000;
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
