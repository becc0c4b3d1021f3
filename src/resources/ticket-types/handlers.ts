/**
 * Ticket types: listTicketTypes, createTicketType, getTicketType, updateTicketType, and their
 * attributes: createTicketTypeAttribute, updateTicketTypeAttribute. None of them is a webhook topic.
 */
import type { Ctx, Handlers } from '../../core/context.js';
import { badRequest } from '../../errors.js';
import { createTicketTypeWithDefaults, DEFAULT_ICON, nameOf, shownTicketType } from './define.js';
import { inputOptions, type DataType, type InputOptions } from './input-options.js';
import { ticketTypes, type AttributeChanges, type TicketTypeChanges } from './store.js';
import { ticketTypeAttributeWire, ticketTypeWire } from './wire.js';

const bit = (value: boolean | undefined) => (value === undefined ? undefined : value ? (1 as const) : (0 as const));

/** Drops the keys left undefined, so an update touches only what the body sent. */
function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** An attribute name no other attribute of the type has. */
async function freeAttributeName(ctx: Ctx, typeId: number, raw: string, selfId?: number): Promise<string> {
  const name = nameOf(raw);
  const taken = await ticketTypes(ctx).findAttributeByName(typeId, name);
  if (taken && Number(taken.id) !== selfId) throw badRequest(`This ticket type already has an attribute named '${name}'`, 'parameter_invalid', 'name');
  return name;
}

export const ticketTypeHandlers: Handlers = {
  async listTicketTypes(ctx) {
    const store = ticketTypes(ctx);
    const rows = await store.list();
    const attributes = await store.attributesOf(rows.map((r) => Number(r.id)));
    const types = rows.map((row) => ticketTypeWire(row, attributes.filter((a) => Number(a.ticket_type_id) === Number(row.id))));
    // The schema's `ticket_types` (which the official client reads), and Intercom's own `data`.
    const list = { type: 'ticket_type_attributes.list' as const, ticket_types: types, data: types };
    return list;
  },

  async createTicketType(ctx, { body }) {
    const request = body ?? { name: '' };
    const id = await createTicketTypeWithDefaults(
      ctx,
      {
        name: nameOf(request.name ?? ''),
        description: request.description ?? '',
        category: request.category ?? 'Customer',
        icon: request.icon || DEFAULT_ICON,
        is_internal: request.is_internal ? 1 : 0,
        archived: 0,
      },
      ctx.clock,
    );
    return shownTicketType(ctx, id);
  },

  async getTicketType(ctx, { params }) {
    const row = await ticketTypes(ctx).require(params.ticket_type_id);
    return shownTicketType(ctx, Number(row.id));
  },

  async updateTicketType(ctx, { params, body }) {
    const row = await ticketTypes(ctx).require(params.ticket_type_id);
    const request = body ?? {};
    const changes: TicketTypeChanges = defined({
      name: request.name === undefined ? undefined : nameOf(request.name),
      description: request.description,
      category: request.category,
      icon: request.icon === undefined ? undefined : request.icon || DEFAULT_ICON,
      archived: bit(request.archived),
      is_internal: bit(request.is_internal),
    });
    await ticketTypes(ctx).update(Number(row.id), changes, ctx.clock.now());
    return shownTicketType(ctx, Number(row.id));
  },

  async createTicketTypeAttribute(ctx, { params, body }) {
    const type = await ticketTypes(ctx).require(params.ticket_type_id);
    const typeId = Number(type.id);
    const request = body!;
    const dataType = request.data_type as DataType;
    const id = await ticketTypes(ctx).insertAttribute(
      typeId,
      {
        name: await freeAttributeName(ctx, typeId, request.name),
        description: request.description,
        data_type: dataType,
        input_options: JSON.stringify(inputOptions(dataType, request)),
        required_to_create: bit(request.required_to_create ?? false)!,
        required_to_create_for_contacts: bit(request.required_to_create_for_contacts ?? false)!,
        visible_on_create: bit(request.visible_on_create ?? true)!,
        visible_to_contacts: bit(request.visible_to_contacts ?? true)!,
        is_default: 0,
        archived: 0,
      },
      ctx.clock.now(),
    );
    await ticketTypes(ctx).update(typeId, {}, ctx.clock.now());
    return ticketTypeAttributeWire((await ticketTypes(ctx).findAttribute(typeId, id))!);
  },

  /**
   * Built-in attributes (`_default_title_`, `_default_description_`) keep their name and cannot be
   * archived: every ticket has a title and a description. Their flags and description can change.
   */
  async updateTicketTypeAttribute(ctx, { params, body }) {
    const type = await ticketTypes(ctx).require(params.ticket_type_id);
    const typeId = Number(type.id);
    const current = await ticketTypes(ctx).requireAttribute(typeId, params.attribute_id);
    const request = body ?? {};
    if (current.is_default) {
      if (request.name !== undefined && request.name !== current.name) throw badRequest("A default attribute's name cannot change", 'parameter_invalid', 'name');
      if (request.archived) throw badRequest('A default attribute cannot be archived', 'parameter_invalid', 'archived');
    }
    const optionsChange = request.multiline !== undefined || request.list_items !== undefined || request.allow_multiple_values !== undefined;
    const changes: AttributeChanges = defined({
      name: request.name === undefined ? undefined : await freeAttributeName(ctx, typeId, request.name, Number(current.id)),
      description: request.description,
      input_options: optionsChange
        ? JSON.stringify(inputOptions(current.data_type as DataType, request, JSON.parse(current.input_options || '{}') as InputOptions))
        : undefined,
      required_to_create: bit(request.required_to_create),
      required_to_create_for_contacts: bit(request.required_to_create_for_contacts),
      visible_on_create: bit(request.visible_on_create),
      visible_to_contacts: bit(request.visible_to_contacts),
      archived: bit(request.archived),
    });
    const now = ctx.clock.now();
    await ticketTypes(ctx).updateAttribute(Number(current.id), changes, now);
    await ticketTypes(ctx).update(typeId, {}, now);
    return ticketTypeAttributeWire((await ticketTypes(ctx).findAttribute(typeId, Number(current.id)))!);
  },
};
