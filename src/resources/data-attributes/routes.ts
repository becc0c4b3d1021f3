import type { Db } from '../../db/database.js';
import type { DataAttributesTable } from '../../db/schema.js';
import { badRequest, notFound, unprocessable } from '../../errors.js';
import type { Handlers } from '../../core/context.js';
import type { components } from '../../generated/types.js';
import { numericId } from '../../core/ids.js';
import { nextId } from '../../db/dialect.js';
import { segmentsUsingField } from '../segments/store.js';
import { COMPANY_BUILTINS, CONTACT_BUILTINS, type BuiltinAttribute } from './builtins.js';
import * as store from './store.js';

type Model = 'contact' | 'company';

export function customAttributeWire(row: DataAttributesTable) {
  const options = JSON.parse(row.options) as string[];
  return {
    type: 'data_attribute' as const,
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

function builtinWire(model: Model, attribute: BuiltinAttribute) {
  return { type: 'data_attribute' as const, model, full_name: attribute.name, custom: false, archived: false, ...attribute };
}

/**
 * Names: the spec's own examples use spaces ("Mithril Shirt"); the documented rule is "alphanumeric
 * characters, currency symbols, and hyphens". Underscores and spaces are accepted too (Intercom's own
 * apps create names like `paid_subscriber`); dots, quotes, brackets and other punctuation are not,
 * which also keeps `custom_attributes.<name>` unambiguous in search.
 */
const NAME_PATTERN = /^[\p{L}\p{N}\p{Sc}_ -]+$/u;
const NAME_MESSAGE = 'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens';

const peopleOrCompany = (model: Model) => (model === 'company' ? 'company' : 'people');

function checkOptions(options: unknown, dataType: string): string[] {
  if (!Array.isArray(options)) throw badRequest("Options isn't an array", 'parameter_invalid', 'options');
  if (options.length === 0) return [];
  if (dataType !== 'string') throw badRequest('Options are only allowed on string attributes', 'parameter_invalid', 'options');
  // "Too few options for list": a list attribute needs at least two options (not determined exactly; inferred).
  if (options.length < 2) throw badRequest('A list attribute needs at least 2 options', 'parameter_invalid', 'options');
  const values = options.map((o) => (typeof o === 'object' && o !== null ? (o as { value?: unknown }).value : o));
  if (values.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw badRequest('Each option must be a non-empty string', 'parameter_invalid', 'options');
  }
  if (new Set(values).size !== values.length) throw badRequest('Options must be unique', 'parameter_invalid', 'options');
  return values as string[];
}

export const dataAttributeHandlers: Handlers = {
  async listDataAttributes(ctx, { query }) {
    const model = query.model as Model | 'conversation' | undefined;
    const includeArchived = query.include_archived === true;
    const data: components['schemas']['data_attribute'][] = [];
    if (model === undefined || model === 'contact') data.push(...CONTACT_BUILTINS.map((b) => builtinWire('contact', b)));
    if (model === undefined || model === 'company') data.push(...COMPANY_BUILTINS.map((b) => builtinWire('company', b)));
    // Conversation attributes: the 2.11 `data_attribute` schema only allows model contact|company, so
    // this server lists none for model=conversation (custom conversation attributes cannot be created
    // through this API either); listing them needs a spec override first.
    if (model !== 'conversation') {
      const rows = await store.listAttributes(ctx.db, ctx.workspace.id, { model, includeArchived });
      data.push(...rows.map(customAttributeWire));
    }
    return { type: 'list', data };
  },

  async createDataAttribute(ctx, { body }) {
    const input = (body ?? {}) as Record<string, unknown>;
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (!name) throw badRequest('Name is a required parameter.', 'parameter_not_found', 'name');
    if (!NAME_PATTERN.test(name) || name.length > 190) throw badRequest(NAME_MESSAGE, 'parameter_invalid', 'name');
    const model = input.model;
    if (model !== 'contact' && model !== 'company') {
      throw badRequest('The Data Attribute model field must be either contact or company', 'parameter_invalid', 'model');
    }
    const rawType = input.data_type;
    const types = ['string', 'integer', 'float', 'boolean', 'datetime', 'date'];
    if (typeof rawType !== 'string' || !types.includes(rawType)) throw badRequest("Data Type isn't an option", 'parameter_invalid', 'data_type');
    // `datetime` is accepted on create and stored as `date`: the attribute schema knows only `date`.
    const dataType = (rawType === 'datetime' ? 'date' : rawType) as DataAttributesTable['data_type'];
    const options = input.options === undefined ? [] : checkOptions(input.options, dataType);
    const description = input.description === undefined || input.description === null ? '' : input.description;
    if (typeof description !== 'string') throw badRequest('description must be a string', 'parameter_invalid', 'description');
    const now = ctx.clock.now();
    return (async (trx: Db) => {
      const existing = await store.findAttributeByName(trx, ctx.workspace.id, name);
      if (existing) {
        throw badRequest(
          `You already have '${existing.name}' in your ${peopleOrCompany(existing.model)} data. To save this as new ${peopleOrCompany(model)} data, use a different name.`,
          'parameter_invalid',
          'name',
        );
      }
      const row: DataAttributesTable = {
        workspace_id: ctx.workspace.id,
        id: await nextId(trx),
        model,
        name,
        description,
        data_type: dataType,
        options: JSON.stringify(options),
        messenger_writable: input.messenger_writable === true ? 1 : 0,
        archived: 0,
        admin_id: ctx.adminId,
        created_at: now,
        updated_at: now,
      };
      await store.insertAttribute(trx, row);
      return customAttributeWire(row);
    })(ctx.db);
  },

  async updateDataAttribute(ctx, { params, body }) {
    const id = numericId(params.data_attribute_id);
    const row = id === undefined ? undefined : await store.findAttribute(ctx.db, ctx.workspace.id, id);
    if (!row) throw notFound("We couldn't find that data attribute to update", 'field_not_found');
    const input = (body ?? {}) as Record<string, unknown>;
    if (input.data_type !== undefined && input.data_type !== row.data_type) {
      throw badRequest("The data type of an attribute can't be changed", 'parameter_invalid', 'data_type');
    }
    const changes: Parameters<typeof store.updateAttribute>[3] = {};
    if (input.description !== undefined) {
      if (typeof input.description !== 'string') throw badRequest('description must be a string', 'parameter_invalid', 'description');
      changes.description = input.description;
    }
    if (input.options !== undefined) changes.options = JSON.stringify(checkOptions(input.options, row.data_type));
    if (input.messenger_writable !== undefined) changes.messenger_writable = input.messenger_writable ? 1 : 0;
    if (input.archived !== undefined) {
      if (input.archived === true && row.archived === 0) {
        const users = await segmentsUsingField(ctx.db, ctx.workspace.id, `custom_attributes.${row.name}`);
        if (row.model === 'contact' && users.length > 0) {
          throw unprocessable('The Data Attribute you are trying to archive has a dependant object', 'data_invalid');
        }
      }
      changes.archived = input.archived ? 1 : 0;
    }
    changes.updated_at = ctx.clock.now();
    await store.updateAttribute(ctx.db, ctx.workspace.id, row.id, changes);
    return customAttributeWire({ ...row, ...changes });
  },
};
