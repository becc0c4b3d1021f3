/** Data attributes: listDataAttributes, createDataAttribute, updateDataAttribute. */
import type { Handlers, Input } from '../../core/context.js';
import type { DataAttributesTable } from '../../db/schema.js';
import { badRequest, unprocessable } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { segmentsUsingField } from '../segments/public.js';
import { COMPANY_BUILTINS, CONTACT_BUILTINS } from './builtins.js';
import { dataAttributes, type AttributeChanges } from './store.js';
import { builtinWire, customAttributeWire, type Model } from './wire.js';

/**
 * Names: the spec's own examples use spaces ("Mithril Shirt"); the documented rule is "alphanumeric
 * characters, currency symbols, and hyphens". Underscores and spaces are accepted too (Intercom's own
 * apps create names like `paid_subscriber`); dots, quotes, brackets and other punctuation are not,
 * which also keeps `custom_attributes.<name>` unambiguous in search.
 */
const NAME_PATTERN = /^[\p{L}\p{N}\p{Sc}_ -]+$/u;
const NAME_MESSAGE = 'Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens';

/** `data_type` is not part of the update request, but changing it is refused, not ignored. */
type UpdateBody = Input<'updateDataAttribute'>['body'] & { data_type?: unknown };

const peopleOrCompany = (model: Model) => (model === 'company' ? 'company' : 'people');

function checkOptions(values: string[], dataType: DataAttributesTable['data_type']): string[] {
  if (values.length === 0) return [];
  if (dataType !== 'string') throw badRequest('Options are only allowed on string attributes', 'parameter_invalid', 'options');
  // "Too few options for list": a list attribute needs at least two options (not determined exactly; inferred).
  if (values.length < 2) throw badRequest('A list attribute needs at least 2 options', 'parameter_invalid', 'options');
  if (values.some((v) => v.trim() === '')) throw badRequest('Each option must be a non-empty string', 'parameter_invalid', 'options');
  if (new Set(values).size !== values.length) throw badRequest('Options must be unique', 'parameter_invalid', 'options');
  return values;
}

export const dataAttributeHandlers: Handlers = {
  async listDataAttributes(ctx, { query }) {
    const model = query.model;
    const includeArchived = query.include_archived === true;
    const data: components['schemas']['data_attribute'][] = [];
    if (model === undefined || model === 'contact') data.push(...CONTACT_BUILTINS.map((b) => builtinWire('contact', b)));
    if (model === undefined || model === 'company') data.push(...COMPANY_BUILTINS.map((b) => builtinWire('company', b)));
    // Conversation attributes: the 2.11 `data_attribute` schema only allows model contact|company, so
    // this server lists none for model=conversation (custom conversation attributes cannot be created
    // through this API either); listing them needs a spec override first.
    if (model !== 'conversation') {
      const rows = await dataAttributes(ctx).list({ model, includeArchived });
      data.push(...rows.map(customAttributeWire));
    }
    return { type: 'list', data };
  },

  async createDataAttribute(ctx, { body }) {
    const name = body.name.trim();
    if (!name) throw badRequest('Name is a required parameter.', 'parameter_not_found', 'name');
    if (!NAME_PATTERN.test(name) || name.length > 190) throw badRequest(NAME_MESSAGE, 'parameter_invalid', 'name');
    const model = body.model;
    // `datetime` is accepted on create and stored as `date`: the attribute schema knows only `date`.
    const dataType = body.data_type === 'datetime' ? 'date' : body.data_type;
    const options = checkOptions(body.options ?? [], dataType);
    const description = body.description ?? '';
    const duplicate = (existing: DataAttributesTable) =>
      badRequest(
        `You already have '${existing.name}' in your ${peopleOrCompany(existing.model)} data. To save this as new ${peopleOrCompany(model)} data, use a different name.`,
        'parameter_invalid',
        'name',
      );
    const existing = await dataAttributes(ctx).findByName(name);
    if (existing) throw duplicate(existing);
    const now = ctx.clock.now();
    const row = await dataAttributes(ctx).insert({
      model,
      name,
      description,
      data_type: dataType,
      options: JSON.stringify(options),
      messenger_writable: body.messenger_writable === true ? 1 : 0,
      archived: 0,
      admin_id: ctx.adminId,
      created_at: now,
      updated_at: now,
    });
    if (!row) {
      // Taken between the check and the insert, by a concurrent create.
      const winner = await dataAttributes(ctx).findByName(name);
      if (winner) throw duplicate(winner);
      throw new Error(`data attribute ${name}: the insert conflicted, but no attribute holds the name`);
    }
    return customAttributeWire(row);
  },

  async updateDataAttribute(ctx, { params, body }) {
    const row = await dataAttributes(ctx).require(params.data_attribute_id);
    const input: UpdateBody = body;
    if (input.data_type !== undefined && input.data_type !== row.data_type) {
      throw badRequest("The data type of an attribute can't be changed", 'parameter_invalid', 'data_type');
    }
    const changes: AttributeChanges = {};
    if (input.description !== undefined) changes.description = input.description;
    if (input.options !== undefined) changes.options = JSON.stringify(checkOptions(input.options.map((o) => o.value), row.data_type));
    if (input.messenger_writable !== undefined) changes.messenger_writable = input.messenger_writable ? 1 : 0;
    if (input.archived !== undefined) {
      // Intercom refuses to archive an attribute a segment's rules use (segments hold contact rules only).
      if (input.archived && row.archived === 0 && row.model === 'contact') {
        const users = await segmentsUsingField(ctx, `custom_attributes.${row.name}`);
        if (users.length > 0) throw unprocessable('The Data Attribute you are trying to archive has a dependant object', 'data_invalid');
      }
      changes.archived = input.archived ? 1 : 0;
    }
    changes.updated_at = ctx.clock.now();
    await dataAttributes(ctx).update(row.id, changes);
    return customAttributeWire(await dataAttributes(ctx).require(row.id));
  },
};
