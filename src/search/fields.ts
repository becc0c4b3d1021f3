/** Field builders shared by resources' search field maps. */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../core/scope.js';
import type { CustomField } from './types.js';

const FALSE = sql<SqlBool>`(1 = 0)`;

/**
 * A custom string field (`=`, `!=`) whose value is an id the row must be linked to: `matches` gives
 * the condition for one value, or undefined when the value can name nothing (then nothing matches).
 */
export function membershipField(matches: (scope: Scope, value: string) => RawBuilder<SqlBool> | undefined, extra: Partial<CustomField> = {}): CustomField {
  return {
    kind: 'custom',
    type: 'string',
    operators: ['=', '!='],
    indexed: true,
    acceptsInteger: true,
    async matches(ctx, value) {
      return matches(ctx.scope, value) ?? FALSE;
    },
    ...extra,
  };
}
