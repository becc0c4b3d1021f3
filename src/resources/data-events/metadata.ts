/**
 * An event's metadata, by the rules Intercom documents for POST /events: a flat object of at most 10
 * keys (later keys are dropped, in the order sent); values are strings, numbers or booleans, a date
 * (a key ending `_date`: unix seconds), a rich link `{url, value}` or a monetary amount
 * `{amount (cents, a whole number ≥ 0), currency}`. Anything nested otherwise is refused with a 400
 * naming the key: Intercom does not support nested objects, and dropping them silently would lose data.
 */
import { badRequest } from '../../errors.js';
import { MAX_DATE } from '../../search/dates.js';

/** Intercom keeps the first ten metadata keys of an event and ignores the rest. */
export const MAX_METADATA_KEYS = 10;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameKeys = (value: Record<string, unknown>, keys: string[]) =>
  Object.keys(value).length === keys.length && keys.every((k) => Object.hasOwn(value, k));

function checkValue(key: string, value: unknown): void {
  const field = `metadata.${key}`;
  const invalid = (message: string) => badRequest(`metadata '${key}' ${message}`, 'parameter_invalid', field);
  if (key.endsWith('_date')) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_DATE) throw invalid('must be a date as unix seconds');
    return;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('must be a finite number');
    return;
  }
  if (isObject(value) && sameKeys(value, ['url', 'value'])) {
    if (typeof value.url !== 'string' || !/^https?:\/\/\S+$/i.test(value.url)) throw invalid('is a rich link whose url must be an http or https URL');
    if (typeof value.value !== 'string') throw invalid('is a rich link whose value must be a string');
    return;
  }
  if (isObject(value) && sameKeys(value, ['amount', 'currency'])) {
    if (typeof value.amount !== 'number' || !Number.isSafeInteger(value.amount) || value.amount < 0) {
      throw invalid('is a monetary amount whose amount must be a whole number of cents, at least 0');
    }
    if (typeof value.currency !== 'string' || !/^[A-Za-z]{3}$/.test(value.currency)) throw invalid('is a monetary amount whose currency must be a 3-letter code');
    return;
  }
  throw invalid('must be a string, number, boolean, rich link {url, value} or monetary amount {amount, currency}: nested values are not supported');
}

/** The metadata to store: the first ten keys with a value (null values carry nothing and are left out). */
export function eventMetadata(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw badRequest('metadata must be an object', 'parameter_invalid', 'metadata');
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === null) continue;
    if (Object.keys(kept).length === MAX_METADATA_KEYS) break;
    if (key.trim() === '') throw badRequest('metadata keys must not be empty', 'parameter_invalid', 'metadata');
    checkValue(key, value);
    kept[key] = value;
  }
  return kept;
}
