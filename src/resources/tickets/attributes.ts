/**
 * A ticket's attribute values, checked against its type (behaviour §10): keys are attribute names
 * (`_default_title_`, `_default_description_`, then the type's own), list values are the uuids of
 * the list's items. Pure: the type's attributes and the request in, the values to store out.
 */
import type { TicketTypeAttributesTable } from '../../db/schema.js';
import { badRequest } from '../../errors.js';
import type { InputOptions } from '../ticket-types/public.js';

export type AttributeValues = Record<string, unknown>;

/** Intercom keeps text attribute values within the length of its text fields. */
const MAX_TEXT = 65_535;

function checkValue(attribute: TicketTypeAttributesTable, value: unknown): unknown {
  const name = attribute.name;
  const wrong = (expected: string) => badRequest(`Ticket attribute '${name}' must be ${expected}`, 'parameter_invalid', `ticket_attributes.${name}`);
  switch (attribute.data_type) {
    case 'string':
      if (typeof value !== 'string') throw wrong('a string');
      if (value.length > MAX_TEXT) throw wrong(`at most ${MAX_TEXT} characters`);
      if (value.includes('\u0000')) throw wrong('text without NUL characters');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrong('an integer');
      return value;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'datetime':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw wrong('a unix timestamp (seconds)');
      return value;
    case 'list': {
      const options = (JSON.parse(attribute.input_options || '{}') as InputOptions).list_options ?? [];
      const chosen = options.find((o) => o.id === value && !o.archived);
      if (typeof value !== 'string' || !chosen) throw wrong(`the id of one of its list items (${options.filter((o) => !o.archived).map((o) => `${o.id} for '${o.label}'`).join(', ')})`);
      return chosen.id;
    }
    default:
      // Files are uploaded through the inbox or the messenger; the API has no way to send one.
      throw badRequest(`Ticket attribute '${name}' holds files, which cannot be set through the API`, 'parameter_invalid', `ticket_attributes.${name}`);
  }
}

/**
 * The values `raw` sets, by attribute name. Unknown and archived attributes are a 400; `null`
 * clears a value (answered as null, so the caller removes it). On create, attributes required for
 * teammates must be given.
 */
export function checkTicketAttributes(attributes: TicketTypeAttributesTable[], raw: unknown, mode: 'create' | 'update'): AttributeValues {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw badRequest('ticket_attributes must be an object of attribute names to values', 'parameter_invalid', 'ticket_attributes');
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const byName = new Map(attributes.map((a) => [a.name, a]));
  const values: AttributeValues = {};
  for (const [name, value] of Object.entries(given)) {
    const attribute = byName.get(name);
    if (!attribute || attribute.archived) throw badRequest(`Ticket attribute '${name}' does not exist on this ticket type`, 'parameter_invalid', `ticket_attributes.${name}`);
    values[name] = value === null ? null : checkValue(attribute, value);
  }
  if (mode === 'create') {
    for (const attribute of attributes) {
      if (attribute.required_to_create && !attribute.archived && (values[attribute.name] === undefined || values[attribute.name] === null)) {
        throw badRequest(`Ticket attribute '${attribute.name}' is required to create a ticket of this type`, 'parameter_not_found', `ticket_attributes.${attribute.name}`);
      }
    }
  }
  return values;
}

/** `current` with `changes` applied: null removes a value. */
export function mergeAttributes(current: AttributeValues, changes: AttributeValues): AttributeValues {
  const merged = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
