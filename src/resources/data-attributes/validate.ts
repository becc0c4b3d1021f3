/**
 * Validation of `custom_attributes` maps sent on contacts and companies against the workspace's
 * data attributes. Used by the contacts and companies resources.
 */
import type { ScopeSource } from '../../core/scope.js';
import { MAX_DATE, MIN_DATE } from '../../search/dates.js';
import { badRequest } from '../../errors.js';
import { dataAttributes } from './store.js';
import type { Model } from './wire.js';

export const MAX_STRING_ATTRIBUTE_LENGTH = 255;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks every key of `input` names a live (not archived) custom attribute of `model` and every
 * value fits its data type (string ≤ 255 characters, and one of the options for list attributes;
 * integer; float (any finite number); boolean; date as unix seconds). `null` clears a value and is
 * always allowed. Returns the cleaned map; throws 400 `parameter_invalid` naming the first problem.
 *
 * Messages for an unknown attribute are "not determined" by the behaviour reference (§16); they
 * follow the one Intercom message seen for conversations: "Conversation attribute 'x' does not exist".
 */
export async function customAttributeValues(source: ScopeSource, model: Model, input: unknown): Promise<Record<string, unknown>> {
  if (input === undefined || input === null) return {};
  if (!isPlainObject(input)) throw badRequest('custom_attributes must be an object', 'parameter_invalid', 'custom_attributes');
  const keys = Object.keys(input);
  if (keys.length === 0) return {};
  const attributes = await dataAttributes(source).byName(model);
  const out: Record<string, unknown> = {};
  const noun = model === 'contact' ? 'Custom attribute' : 'Company attribute';
  for (const key of keys) {
    const value = input[key];
    const field = `custom_attributes.${key}`;
    const attribute = attributes.get(key);
    if (!attribute) throw badRequest(`${noun} '${key}' does not exist`, 'parameter_invalid', field);
    if (attribute.archived === 1) throw badRequest(`${noun} '${key}' is archived`, 'parameter_invalid', field);
    if (value === null) {
      out[key] = null;
      continue;
    }
    const wrong = () => badRequest(`${noun} '${key}' must be of type ${attribute.data_type}`, 'parameter_invalid', field);
    switch (attribute.data_type) {
      case 'string': {
        if (typeof value !== 'string') throw wrong();
        if (value.length > MAX_STRING_ATTRIBUTE_LENGTH) {
          throw badRequest(`${noun} '${key}' must be at most ${MAX_STRING_ATTRIBUTE_LENGTH} characters`, 'parameter_invalid', field);
        }
        const options = JSON.parse(attribute.options) as string[];
        if (options.length > 0 && !options.includes(value)) {
          throw badRequest(`${noun} '${key}' must be one of: ${options.join(', ')}`, 'parameter_invalid', field);
        }
        break;
      }
      case 'integer':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrong();
        break;
      case 'float':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong();
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw wrong();
        break;
      case 'date':
        // Unix seconds. Negative values (before 1970) are legal timestamps; outside the years 1 to
        // 9999 they are not dates search could ever compare (search/dates.ts), so they are refused.
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < MIN_DATE || value > MAX_DATE) {
          throw badRequest(`${noun} '${key}' must be a date as unix seconds`, 'parameter_invalid', field);
        }
        break;
    }
    out[key] = value;
  }
  return out;
}
