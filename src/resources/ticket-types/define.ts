/** Making a ticket type: the fields a request or a seed gives, plus the two attributes every type has. */
import type { Clock } from '../../core/clock.js';
import type { ScopeSource } from '../../core/scope.js';
import { badRequest } from '../../errors.js';
import { ticketTypes, type TicketTypeFields } from './store.js';
import { ticketTypeWire } from './wire.js';

/** Intercom's icon for a type created without one. */
export const DEFAULT_ICON = '🎟️';

export const CATEGORIES = ['Customer', 'Back-office', 'Tracker'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The built-in attributes tickets keep their title and description in. */
export const TITLE = '_default_title_';
export const DESCRIPTION = '_default_description_';

/** A required name, trimmed: a blank one is a 400. */
export function nameOf(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (name === '') throw badRequest(`${field} must not be blank`, 'parameter_invalid', field);
  return name;
}

/**
 * Creates a ticket type with `_default_title_` (one line) and `_default_description_` (multiline), as
 * Intercom creates every type; answers its id.
 */
export async function createTicketTypeWithDefaults(source: ScopeSource, fields: TicketTypeFields, clock: Clock): Promise<number> {
  const store = ticketTypes(source);
  const now = clock.now();
  const id = await store.insert(fields, now);
  const builtIn = { description: '', data_type: 'string', required_to_create: 0, required_to_create_for_contacts: 0, visible_on_create: 1, visible_to_contacts: 1, is_default: 1, archived: 0 } as const;
  await store.insertAttribute(id, { ...builtIn, name: TITLE, input_options: JSON.stringify({ multiline: false }) }, now);
  await store.insertAttribute(id, { ...builtIn, name: DESCRIPTION, input_options: JSON.stringify({ multiline: true }) }, now);
  return id;
}

/** A ticket type as GET /ticket_types/{id} shows it. */
export async function shownTicketType(source: ScopeSource, id: number) {
  const store = ticketTypes(source);
  const row = await store.require(id);
  return ticketTypeWire(row, await store.attributesOf([row.id]));
}
