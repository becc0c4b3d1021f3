import type { DataAttributesTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import type { BuiltinAttribute } from './builtins.js';

export type Model = DataAttributesTable['model'];
type DataAttribute = components['schemas']['data_attribute'];

/** Intercom's 404 for a data attribute a path names. */
export const dataAttributeNotFound = () => notFound("We couldn't find that data attribute to update", 'field_not_found');

export function customAttributeWire(row: DataAttributesTable): DataAttribute {
  const options = JSON.parse(row.options) as string[];
  return {
    type: 'data_attribute',
    id: Number(row.id),
    model: row.model,
    name: row.name,
    full_name: `custom_attributes.${row.name}`,
    label: row.name,
    description: row.description,
    data_type: row.data_type,
    ...(options.length > 0 ? { options } : {}),
    api_writable: true,
    ui_writable: false,
    messenger_writable: row.messenger_writable === 1,
    custom: true,
    archived: row.archived === 1,
    ...(row.admin_id !== null ? { admin_id: String(row.admin_id) } : {}),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

export function builtinWire(model: Model, attribute: BuiltinAttribute): DataAttribute {
  return { type: 'data_attribute', model, full_name: attribute.name, custom: false, archived: false, ...attribute };
}
