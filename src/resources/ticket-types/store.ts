/** Ticket types of one workspace and their attributes. */
import { defineStore, requireRow } from '../../core/scope.js';
import { numericId } from '../../core/ids.js';
import type { TicketTypeAttributesTable, TicketTypesTable } from '../../db/schema.js';
import { ticketTypeNotFound } from './wire.js';

export type TicketTypeFields = Omit<TicketTypesTable, 'workspace_id' | 'id' | 'created_at' | 'updated_at'>;
export type TicketTypeChanges = Partial<TicketTypeFields>;
export type AttributeFields = Omit<TicketTypeAttributesTable, 'workspace_id' | 'id' | 'ticket_type_id' | 'position' | 'created_at' | 'updated_at'>;
export type AttributeChanges = Partial<Omit<AttributeFields, 'data_type' | 'is_default'>>;

export const ticketTypes = defineStore((s) => {
  const store = {
    list: (): Promise<TicketTypesTable[]> => s.from('ticket_types').selectAll().orderBy('id').execute(),

    find: (id: number): Promise<TicketTypesTable | undefined> => s.from('ticket_types').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The ticket type a path or body names, or the 404; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<TicketTypesTable> => requireRow(rawId, numericId, store.find, ticketTypeNotFound),

    /** The attributes of the given types, each type's in order. */
    attributesOf(typeIds: number[]): Promise<TicketTypeAttributesTable[]> {
      if (typeIds.length === 0) return Promise.resolve([]);
      return s.from('ticket_type_attributes').selectAll().where('ticket_type_id', 'in', typeIds).orderBy('ticket_type_id').orderBy('position').orderBy('id').execute();
    },

    /** Every attribute of every type of the workspace (what ticket search resolves `ticket_attribute.{id}` against). */
    allAttributes: (): Promise<TicketTypeAttributesTable[]> => s.from('ticket_type_attributes').selectAll().orderBy('id').execute(),

    findAttribute: (typeId: number, id: number): Promise<TicketTypeAttributesTable | undefined> =>
      s.from('ticket_type_attributes').selectAll().where('ticket_type_id', '=', typeId).where('id', '=', id).executeTakeFirst(),

    /** An attribute of type `typeId` a path names, or the 404 (another type's attribute is not found either). */
    requireAttribute: (typeId: number, rawId: unknown): Promise<TicketTypeAttributesTable> =>
      requireRow(rawId, numericId, (id) => store.findAttribute(typeId, id), ticketTypeNotFound),

    findAttributeByName: (typeId: number, name: string): Promise<TicketTypeAttributesTable | undefined> =>
      s.from('ticket_type_attributes').selectAll().where('ticket_type_id', '=', typeId).where('name', '=', name).executeTakeFirst(),

    async insert(fields: TicketTypeFields, now: number): Promise<number> {
      const id = await s.nextId();
      await s.insert('ticket_types', { ...fields, id, created_at: now, updated_at: now }).execute();
      return id;
    },

    async update(id: number, changes: TicketTypeChanges, now: number): Promise<void> {
      await s.update('ticket_types').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
    },

    /** Adds an attribute after the type's others. */
    async insertAttribute(typeId: number, fields: AttributeFields, now: number): Promise<number> {
      const id = await s.nextId();
      const last = await s
        .from('ticket_type_attributes')
        .where('ticket_type_id', '=', typeId)
        .select((eb) => eb.fn.max('position').as('position'))
        .executeTakeFirst();
      const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      await s.insert('ticket_type_attributes', { ...fields, id, ticket_type_id: typeId, position, created_at: now, updated_at: now }).execute();
      return id;
    },

    async updateAttribute(id: number, changes: AttributeChanges, now: number): Promise<void> {
      await s.update('ticket_type_attributes').set({ ...changes, updated_at: now }).where('id', '=', id).execute();
    },
  };
  return store;
});
