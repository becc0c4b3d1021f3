/**
 * Parses and validates a query in Intercom's search language against a resource's fields. Every
 * problem is a 400 error.list thrown here, so a bad query never reaches the database.
 *
 * The exact messages for these errors are "not determined" by the behaviour reference (§16); the
 * codes follow it: `invalid_field` for an unknown field, `parameter_invalid` for everything else.
 */
import { ApiError } from '../errors.js';
import { isRepresentableDate, MAX_DATE, MAX_DAYS_AGO, MIN_DATE } from './dates.js';
import { OPERATORS, type ColumnField, type FieldDef, type FieldResolver, type FieldType, type FilterNode, type FilterValue, type Operator, type QueryNode, type SortSpec } from './types.js';

/**
 * Nesting: Intercom documents "a limit of max 2 nested filters". Read here as: the top-level group
 * may contain groups, and those may contain groups, but no deeper (a group at depth 3 below the
 * root is rejected). Not determined more precisely; the lenient reading is chosen so valid client
 * queries are never refused.
 */
export const MAX_NESTING = 2;
/** "a limit of max 15 filters for each AND or OR group" (direct children, filters or groups). */
export const MAX_FILTERS_PER_GROUP = 15;
/** Values in one IN/NIN list (not documented by Intercom; a sanity bound). */
export const MAX_LIST_VALUES = 1000;

const invalid = (message: string) => new ApiError('parameter_invalid', message);

export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
  integer: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
  float: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
  boolean: ['=', '!='],
  // Dates compare by calendar day: only =, > and < (behaviour §5). `= null` / `!= null` test presence.
  date: ['=', '<', '>'],
};

export interface ParseOptions {
  /** Stored segment rules may use `{"days_ago": n}` as a date value (resolved against now). */
  allowRelativeDates?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseQuery(input: unknown, resolve: FieldResolver, options: ParseOptions = {}): QueryNode {
  if (!isObject(input)) throw invalid('query must be an object: a filter {field, operator, value} or a group {operator, value}');
  return parseNode(input, resolve, options, 0);
}

function parseNode(node: unknown, resolve: FieldResolver, options: ParseOptions, depth: number): QueryNode {
  if (!isObject(node)) throw invalid('each query filter must be an object');
  const operator = node.operator;
  if (operator === 'AND' || operator === 'OR') {
    if ('field' in node) throw invalid(`a group with operator ${operator} cannot have a field`);
    if (depth > MAX_NESTING) throw invalid(`Search queries can be nested at most ${MAX_NESTING} levels deep`);
    const value = node.value;
    if (!Array.isArray(value) || value.length === 0) throw invalid(`the value of an ${operator} group must be a non-empty array of filters`);
    if (value.length > MAX_FILTERS_PER_GROUP) {
      throw invalid(`An ${operator} group can contain at most ${MAX_FILTERS_PER_GROUP} filters; this one has ${value.length}`);
    }
    return { kind: 'group', operator, children: value.map((child) => parseNode(child, resolve, options, depth + 1)) };
  }
  return parseFilter(node, resolve, options);
}

function parseFilter(node: Record<string, unknown>, resolve: FieldResolver, options: ParseOptions): FilterNode {
  const fieldName = node.field;
  if (typeof fieldName !== 'string' || fieldName === '') throw invalid('each filter needs a field (a string)');
  if (typeof node.operator !== 'string') throw invalid(`the filter on '${fieldName}' needs an operator`);
  const operator = node.operator as Operator;
  if (!OPERATORS.includes(operator)) {
    throw invalid(`'${node.operator}' is not a valid operator; use one of ${OPERATORS.join(' ')} (or AND / OR for groups)`);
  }
  const field = resolve(fieldName);
  if (!field) throw new ApiError('invalid_field', `${fieldName} is not a valid search field`, fieldName);
  // No `value` reads as `value: null`: the spec declares it optional and nullable, and the official
  // SDK writes `value: undefined` for presence filters (`{"field":"external_id","operator":"!="}`).
  const raw = node.value ?? null;

  // Presence checks: `= null` (no value) and `!= null` (has a value), on every field with a column.
  if (raw === null) {
    if (field.kind === 'column' && (operator === '=' || operator === '!=')) return { kind: 'filter', fieldName, field, operator, value: null };
    throw invalid(`a null value is only allowed with = or != on '${fieldName}'`);
  }

  const allowed = field.kind === 'custom' ? field.operators : field.operators ?? OPERATORS_BY_TYPE[field.type];
  if (!allowed.includes(operator)) {
    const type = field.kind === 'custom' ? 'this field' : `a ${field.type} field`;
    throw invalid(`The operator '${operator}' is not supported on '${fieldName}' (${type}); supported: ${allowed.join(' ')}`);
  }

  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(raw)) throw invalid(`the value for ${operator} on '${fieldName}' must be an array`);
    if (raw.length > MAX_LIST_VALUES) throw invalid(`${operator} accepts at most ${MAX_LIST_VALUES} values`);
    const values = raw.map((v) => scalar(field, fieldName, v, false));
    return { kind: 'filter', fieldName, field, operator, value: values as (string | number)[] };
  }
  if (Array.isArray(raw)) throw invalid(`the value for ${operator} on '${fieldName}' must be a single value, not an array`);
  if (options.allowRelativeDates && field.kind === 'column' && field.type === 'date' && isObject(raw)) {
    const days = raw.days_ago;
    if (typeof days !== 'number' || !Number.isFinite(days)) throw invalid('days_ago must be a number');
    if (Math.abs(days) > MAX_DAYS_AGO) throw invalid(`days_ago must be between -${MAX_DAYS_AGO} and ${MAX_DAYS_AGO}`);
    return { kind: 'filter', fieldName, field, operator, value: { days_ago: days } };
  }
  return { kind: 'filter', fieldName, field, operator, value: scalar(field, fieldName, raw, true) };
}

const INTEGER_TEXT = /^-?\d{1,15}$/;
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * One value, checked against the field's type. Numbers and dates also accept their decimal text
 * ("1306054154"), as Intercom's own documentation examples send; floats must be sent that way
 * anyway, since the 2.11 request schema admits only integers, strings and booleans.
 */
function scalar(field: FieldDef, fieldName: string, v: unknown, single: boolean): Exclude<FilterValue, unknown[] | null> {
  const wrong = (what: string) => invalid(`The value for '${fieldName}' must be ${what}${single ? '' : ' (in every element of the array)'}`);
  if (field.kind === 'custom') {
    if (typeof v === 'string') return v;
    if (field.acceptsInteger && typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    throw wrong('a string');
  }
  switch (field.type) {
    case 'string':
      if (typeof v !== 'string') throw wrong('a string');
      return v;
    case 'integer':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
      if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) return Number(v);
      throw wrong('an integer');
    case 'float':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      // "1e999" has the shape of a number but is Infinity: no stored value compares with it.
      if (typeof v === 'string' && NUMBER_TEXT.test(v.trim()) && Number.isFinite(Number(v))) return Number(v);
      throw wrong('a number');
    case 'boolean':
      if (typeof v !== 'boolean') throw wrong('true or false');
      return v;
    case 'date': {
      let seconds: number | undefined;
      if (typeof v === 'number' && Number.isSafeInteger(v)) seconds = v;
      else if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) seconds = Number(v);
      if (seconds === undefined) throw wrong('a date as unix seconds');
      if (!isRepresentableDate(seconds)) throw wrong(`a date in the years 1 to 9999 (unix seconds ${MIN_DATE} to ${MAX_DATE})`);
      return seconds;
    }
  }
}

/**
 * `sort: {field, order}`. Absent: the resource's default. The order must be spelled out in full
 * (behaviour §5: `invalid_sort_order` "Invalid sort order 'desc'. Must be one of: ascending, descending").
 */
export function parseSort(input: unknown, resolve: FieldResolver, fallback: { field: string; order: 'ascending' | 'descending' }): SortSpec {
  if (input === undefined || input === null) return sortSpec(fallback.field, fallback.order, resolve);
  if (!isObject(input)) throw invalid('sort must be an object {field, order}');
  const order = input.order ?? 'descending';
  if (order !== 'ascending' && order !== 'descending') {
    throw new ApiError('invalid_sort_order', `Invalid sort order '${String(order)}'. Must be one of: ascending, descending`, 'sort.order');
  }
  const fieldName = input.field ?? fallback.field;
  if (typeof fieldName !== 'string') throw invalid('sort.field must be a string');
  return sortSpec(fieldName, order, resolve);
}

function sortSpec(fieldName: string, order: 'ascending' | 'descending', resolve: FieldResolver): SortSpec {
  const field = resolve(fieldName);
  if (!field || field.kind !== 'column' || field.sortable === false) {
    throw new ApiError('invalid_field', `${fieldName} is not a valid sort field`, 'sort.field');
  }
  return { fieldName, field: field as ColumnField, direction: order === 'ascending' ? 'asc' : 'desc' };
}
