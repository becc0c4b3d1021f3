/** Ticket types and their attributes as Intercom sends them. */
import type { TicketTypeAttributesTable, TicketTypesTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';

/** Intercom's 404 for a ticket type, or an attribute, that a path or body names. */
export const ticketTypeNotFound = () => notFound('Resource Not Found');

export type TicketTypeWire = components['schemas']['ticket_type'];
export type TicketTypeAttributeWire = components['schemas']['ticket_type_attribute'];

export function ticketTypeAttributeWire(row: TicketTypeAttributesTable): TicketTypeAttributeWire {
  return {
    type: 'ticket_type_attribute',
    id: String(row.id),
    workspace_id: row.workspace_id,
    name: row.name,
    description: row.description,
    data_type: row.data_type,
    input_options: JSON.parse(row.input_options || '{}'),
    order: Number(row.position),
    required_to_create: Boolean(row.required_to_create),
    required_to_create_for_contacts: Boolean(row.required_to_create_for_contacts),
    visible_on_create: Boolean(row.visible_on_create),
    visible_to_contacts: Boolean(row.visible_to_contacts),
    default: Boolean(row.is_default),
    ticket_type_id: Number(row.ticket_type_id),
    archived: Boolean(row.archived),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/**
 * The attribute list inside a ticket type. The schema's shape (`ticket_type_attributes.list` with
 * `ticket_type_attributes`, which the official client reads) also carries `data`, the key Intercom's
 * own responses use (the spec's examples), so clients written against either find the attributes.
 */
export function attributeListWire(rows: TicketTypeAttributesTable[]): TicketTypeWire['ticket_type_attributes'] {
  const attributes = rows.map(ticketTypeAttributeWire);
  const list = { type: 'ticket_type_attributes.list' as const, ticket_type_attributes: attributes, data: attributes };
  return list;
}

/** A ticket type with its attributes (archived ones included: tickets created before still show them). */
export function ticketTypeWire(row: TicketTypesTable, attributes: TicketTypeAttributesTable[]): TicketTypeWire {
  const wire = {
    type: 'ticket_type' as const,
    id: String(row.id),
    category: row.category as TicketTypeWire['category'],
    name: row.name,
    description: row.description,
    icon: row.icon,
    workspace_id: row.workspace_id,
    archived: Boolean(row.archived),
    is_internal: Boolean(row.is_internal),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
    ticket_type_attributes: attributeListWire(attributes),
  };
  return wire;
}
