/**
 * Compiles a parsed query to one Kysely boolean expression. Every expression produced here is
 * two-valued (TRUE or FALSE, never NULL), so NOT, AND and OR behave as in the in-memory model:
 * positive operators never match a missing value; negative ones (`!=`, `NIN`, `!~`) do match it,
 * as Intercom's (Elasticsearch "must_not") search does: "name != Bob" includes contacts with no name.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { foldCase, ciText, containsText, endsWithText, startsWithText } from '../db/dialect.js';
import { dayBounds } from './dates.js';
import type { ColumnField, CompileContext, FilterNode, QueryNode, StoredRuleDepth } from './types.js';

const FALSE = sql<SqlBool>`(1 = 0)`;

export async function compileQuery(node: QueryNode, ctx: CompileContext, depth: StoredRuleDepth = { insideStoredRule: false }): Promise<RawBuilder<SqlBool>> {
  if (node.kind === 'group') {
    const parts = await Promise.all(node.children.map((child) => compileQuery(child, ctx, depth)));
    if (parts.length === 1) return parts[0];
    return sql<SqlBool>`(${sql.join(parts, sql` ${sql.raw(node.operator)} `)})`;
  }
  return compileFilter(node, ctx, depth);
}

async function compileFilter(node: FilterNode, ctx: CompileContext, depth: StoredRuleDepth): Promise<RawBuilder<SqlBool>> {
  const { field, operator } = node;
  if (field.kind === 'custom') {
    const matches = await field.matches(ctx, node.value as string, depth);
    return operator === '!=' ? sql<SqlBool>`(NOT ${matches})` : matches;
  }
  return compileColumn(field, operator, node.value, ctx);
}

const isNull = (e: RawBuilder<unknown>) => sql<SqlBool>`(${e} IS NULL)`;
const notNull = (e: RawBuilder<unknown>) => sql<SqlBool>`(${e} IS NOT NULL)`;
/** Positive: the value is present and satisfies `cond`. */
const presentCol = (e: RawBuilder<unknown>, cond: RawBuilder<SqlBool>) => sql<SqlBool>`(${e} IS NOT NULL AND ${cond})`;
/** Negative: the value is absent, or present and does not satisfy `cond`. */
const absentOrNotCol = (e: RawBuilder<unknown>, cond: RawBuilder<SqlBool>) => sql<SqlBool>`(${e} IS NULL OR NOT (${cond}))`;

/** For computed expressions: `cond` is NULL exactly when the value is absent, so test it once. */
const presentOnce = (_e: RawBuilder<unknown>, cond: RawBuilder<SqlBool>) => sql<SqlBool>`((${cond}) IS TRUE)`;
const absentOrNotOnce = (_e: RawBuilder<unknown>, cond: RawBuilder<SqlBool>) => sql<SqlBool>`((${cond}) IS NOT TRUE)`;

function compileColumn(field: ColumnField, operator: FilterNode['operator'], value: FilterNode['value'], ctx: CompileContext): RawBuilder<SqlBool> {
  const e = field.expr(ctx);
  // Plain columns keep `e IS NOT NULL AND cond` (index-friendly); computed ones test `cond` once.
  // Every `cond` below is NULL when e is NULL and TRUE/FALSE otherwise, so both forms agree.
  const present = field.computed ? presentOnce : presentCol;
  const absentOrNot = field.computed ? absentOrNotOnce : absentOrNotCol;
  if (value === null) return operator === '=' ? isNull(e) : notNull(e);

  if (field.type === 'date') {
    const ts = typeof value === 'object' && !Array.isArray(value) ? ctx.now - Math.round(value.days_ago * 86400) : (value as number);
    const [start, next] = dayBounds(ts, ctx.timezone);
    if (operator === '=') return present(e, sql<SqlBool>`${e} >= ${start} AND ${e} < ${next}`);
    if (operator === '>') return present(e, sql<SqlBool>`${e} >= ${next}`);
    return present(e, sql<SqlBool>`${e} < ${start}`); // '<'
  }

  if (field.type === 'string') {
    const ci = field.caseInsensitive !== false;
    const left = ci ? ciText(ctx.engine, e) : e;
    const fold = (v: string) => (ci ? foldCase(v) : v);
    switch (operator) {
      case '=':
        return present(e, sql<SqlBool>`${left} = ${fold(value as string)}`);
      case '!=':
        return absentOrNot(e, sql<SqlBool>`${left} = ${fold(value as string)}`);
      case 'IN':
      case 'NIN': {
        const values = (value as string[]).map(fold);
        const inList = values.length === 0 ? FALSE : sql<SqlBool>`${left} IN (${sql.join(values)})`;
        return operator === 'IN' ? present(e, inList) : absentOrNot(e, inList);
      }
      case '~':
      case '!~':
      case '^':
      case '$': {
        const needle = fold(value as string);
        let cond: RawBuilder<SqlBool>;
        if (needle === '') cond = notNull(e); // every present value contains / starts / ends with ""
        else if (operator === '^') cond = startsWithText(ctx.engine, left, needle);
        else if (operator === '$') cond = endsWithText(ctx.engine, left, needle);
        else cond = containsText(ctx.engine, left, needle);
        return operator === '!~' ? absentOrNot(e, cond) : present(e, cond);
      }
    }
  }

  // Numbers and booleans (booleans are stored as 0/1).
  const num = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as number));
  // Where the engine has an index-usable necessary condition (JSON containment), add it to positive
  // matches so the index finds the candidates; the exact condition still decides.
  const contains = (v: unknown) => field.containment?.(ctx, v as number | boolean);
  switch (operator) {
    case '=': {
      const hint = contains(value);
      const exact = present(e, sql<SqlBool>`${e} = ${num(value)}`);
      return hint ? sql<SqlBool>`(${hint} AND ${exact})` : exact;
    }
    case '!=':
      return absentOrNot(e, sql<SqlBool>`${e} = ${num(value)}`);
    case 'IN':
    case 'NIN': {
      const values = (value as number[]).map(num);
      const inList = values.length === 0 ? FALSE : sql<SqlBool>`${e} IN (${sql.join(values)})`;
      if (operator === 'NIN') return absentOrNot(e, inList);
      const hints = (value as number[]).map(contains);
      const exact = present(e, inList);
      if (values.length === 0 || hints.some((h) => !h)) return exact;
      return sql<SqlBool>`((${sql.join(hints as RawBuilder<SqlBool>[], sql` OR `)}) AND ${exact})`;
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return present(e, sql<SqlBool>`${e} ${sql.raw(operator)} ${num(value)}`);
  }
  throw new Error(`operator ${operator} reached the compiler for a ${field.type} field`);
}
