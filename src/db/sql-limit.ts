import { sql, type RawBuilder } from 'kysely';

/**
 * A page's LIMIT as a literal in the SQL text, not a bound value: SQLite picks its top-N sort only
 * when it knows N while planning (bench/findings.md). Sizes are validated integers, so a query has
 * at most a few hundred texts to cache.
 */
export function sqlLimit(n: number): RawBuilder<number> {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a page size: ${n}`);
  return sql.lit(n);
}
