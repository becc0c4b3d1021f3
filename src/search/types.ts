/**
 * The search engine's vocabulary. A resource (contacts now; conversations and tickets later)
 * describes its searchable fields as a field map (a `FieldResolver`, in its own store-search module)
 * and gets its search handler from `defineSearch` (define.ts); the engine parses and validates
 * Intercom's query language against the fields once (parse.ts), then compiles the result to a
 * Kysely expression (compile.ts) and runs it (run.ts).
 */
import type { RawBuilder, SqlBool } from 'kysely';
import type { Scope } from '../core/scope.js';
import type { Engine } from '../db/database.js';

export type FieldType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

export const OPERATORS = ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>=', '~', '!~', '^', '$'] as const;
export type Operator = (typeof OPERATORS)[number];

/** What the compiler knows while compiling one query. */
export interface CompileContext {
  /** The caller's workspace-bound scope: sub-queries a field compiles to start from it. */
  scope: Scope;
  engine: Engine;
  /** The fields the query was parsed against (a field that expands a stored rule parses it with these). */
  fields: FieldResolver;
  /** IANA timezone: dates compare by calendar day there. */
  timezone: string;
  /** Unix seconds: resolves relative dates in stored rules. */
  now: number;
}

/** A field compiled by the engine from its column expression and type. */
export interface ColumnField {
  kind: 'column';
  type: FieldType;
  /** The column (or computed) expression, e.g. sql.ref('c.email'). */
  expr: (ctx: CompileContext) => RawBuilder<unknown>;
  /** String matching ignores (ASCII) case. Default true for strings; false for identifiers. */
  caseInsensitive?: boolean;
  /** Restricts the operators further than the type does. */
  operators?: readonly Operator[];
  /** Allowed as a sort field (default: true). */
  sortable?: boolean;
  /** Never NULL (e.g. created_at): sorting and cursors can then follow a plain index order. */
  notNull?: boolean;
  /** An index serves `=`, `IN` and range filters on this field (see run.ts, choosing the page plan). */
  indexed?: boolean;
  /**
   * A computed, unindexable expression (JSON extraction): the compiler then mentions it once per
   * filter instead of twice (`(cond) IS TRUE` rather than `e IS NOT NULL AND cond`).
   */
  computed?: boolean;
  /**
   * An index-usable necessary condition for `= value` (PostgreSQL's JSON containment on custom
   * attributes); undefined where the engine has none. Added alongside the exact condition.
   */
  containment?: (ctx: CompileContext, value: number | boolean) => RawBuilder<SqlBool> | undefined;
}

/** A field with its own compilation (a sub-query, a stored rule…): a predicate for `=`, negated for `!=`. */
export interface CustomField {
  kind: 'custom';
  /** The type values are checked against. */
  type: 'string';
  operators: readonly Operator[];
  /** The predicate "the row has `value`". Must never evaluate to NULL. */
  matches: (ctx: CompileContext, value: string, depth: StoredRuleDepth) => Promise<RawBuilder<SqlBool>>;
  /** Value accepted as an integer as well as a string (numeric ids). */
  acceptsInteger?: boolean;
  /** An index serves `=` on this field. */
  indexed?: boolean;
}

/**
 * Whether compilation is inside a stored rule a field expanded (a contact segment): such a rule may
 * not expand another, so a field that expands rules matches nothing there.
 */
export interface StoredRuleDepth {
  insideStoredRule: boolean;
}

export type FieldDef = ColumnField | CustomField;

/**
 * Resolves a field name to its definition, or undefined when it is not searchable. Resources
 * supply this; dynamic families (`custom_attributes.<name>`) are resolved from data loaded before
 * parsing.
 */
export type FieldResolver = (name: string) => FieldDef | undefined;

export type FilterValue = string | number | boolean | null | (string | number)[];

/** A validated filter. Date values are unix seconds; relative dates are resolved at compile time. */
export interface FilterNode {
  kind: 'filter';
  fieldName: string;
  field: FieldDef;
  operator: Operator;
  value: FilterValue | { days_ago: number };
}

export interface GroupNode {
  kind: 'group';
  operator: 'AND' | 'OR';
  children: QueryNode[];
}

export type QueryNode = FilterNode | GroupNode;

export interface SortSpec {
  fieldName: string;
  field: ColumnField;
  direction: 'asc' | 'desc';
}
