/**
 * The ticket search fields (behaviour §5), for `defineSearch`: tickets are the conversations with a
 * ticket type, queried as table alias `tk`. Timestamps compare to the second with every numeric
 * operator (Intercom documents `<=`/`>=` on ticket `created_at`); `title` and `description` are the
 * built-in attributes; assignees read "0" when unassigned, as tickets show them.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Scope } from '../../core/scope.js';
import { jsonValue } from '../../db/dialect.js';
import type { TicketTypeAttributesTable } from '../../db/schema.js';
import { membershipField } from '../../search/fields.js';
import type { ColumnField, FieldDef, FieldResolver, FieldType } from '../../search/types.js';
import { DESCRIPTION, ticketTypes, TITLE } from '../ticket-types/public.js';

export const TICKET_ALIAS = 'tk';

const col = (type: FieldType, column: string, extra: Partial<ColumnField> = {}): ColumnField => ({ kind: 'column', type, expr: () => sql.ref(`tk.${column}`), ...extra });

const attributeText = (name: string): ColumnField => ({
  kind: 'column',
  type: 'string',
  computed: true,
  expr: (ctx) => jsonValue(ctx.engine, sql.ref('tk.ticket_attributes'), name, 'string'),
});

/** A custom field: the ticket is one of the ids a sub-query finds for the value. */
const membership = (subquery: (scope: Scope, value: string) => SelectQueryBuilder<any, any, unknown>) =>
  membershipField((scope, value) => sql<SqlBool>`(tk.id IN ${subquery(scope, value)})`);

const numeric = (value: string) => (/^\d{1,15}$/.test(value) ? Number(value) : -1);

const TICKET_FIELDS: Record<string, FieldDef> = {
  id: col('integer', 'id', { notNull: true, indexed: true }),
  created_at: col('integer', 'created_at', { notNull: true, indexed: true }),
  updated_at: col('integer', 'updated_at', { notNull: true, indexed: true }),
  snoozed_until: col('integer', 'snoozed_until'),
  title: attributeText(TITLE),
  description: attributeText(DESCRIPTION),
  category: col('string', 'ticket_category', { notNull: true }),
  ticket_type_id: col('string', 'ticket_type_id', { notNull: true, caseInsensitive: false, indexed: true }),
  state: col('string', 'ticket_state', { notNull: true, caseInsensitive: false }),
  open: { kind: 'column', type: 'boolean', notNull: true, computed: true, expr: () => sql`(CASE WHEN tk.state = 'closed' THEN 0 ELSE 1 END)` },
  admin_assignee_id: { kind: 'column', type: 'integer', notNull: true, computed: true, sortable: false, expr: () => sql`coalesce(tk.admin_assignee_id, 0)` },
  team_assignee_id: { kind: 'column', type: 'integer', notNull: true, computed: true, sortable: false, expr: () => sql`coalesce(tk.team_assignee_id, 0)` },
  contact_ids: membership((s, value) => s.from('conversation_contacts').select('conversation_id').where('contact_id', '=', value)),
  teammate_ids: membership((s, value) => s.from('conversation_parts').select('conversation_id').where('author_type', '=', 'admin').where('author_id', '=', String(numeric(value)))),
};

const VALUE_TYPES: Record<string, { field: FieldType; json: 'string' | 'number' | 'boolean' }> = {
  string: { field: 'string', json: 'string' },
  list: { field: 'string', json: 'string' },
  integer: { field: 'integer', json: 'number' },
  decimal: { field: 'float', json: 'number' },
  datetime: { field: 'integer', json: 'number' },
  boolean: { field: 'boolean', json: 'boolean' },
};

/** `ticket_attribute.{id}`: the value the ticket holds for that attribute, on tickets of its type. */
function attributeField(attribute: TicketTypeAttributesTable): ColumnField | undefined {
  const types = VALUE_TYPES[attribute.data_type];
  if (!types) return undefined; // files are not searchable
  return {
    kind: 'column',
    type: types.field,
    computed: true,
    caseInsensitive: attribute.data_type !== 'list',
    expr: (ctx) => sql`(CASE WHEN tk.ticket_type_id = ${String(attribute.ticket_type_id)} THEN ${jsonValue(ctx.engine, sql.ref('tk.ticket_attributes'), attribute.name, types.json)} END)`,
  };
}

export async function ticketFields(scope: Scope): Promise<FieldResolver> {
  const attributes = new Map((await ticketTypes(scope).allAttributes()).map((a) => [`ticket_attribute.${a.id}`, a]));
  return (name) => {
    if (Object.hasOwn(TICKET_FIELDS, name)) return TICKET_FIELDS[name];
    const attribute = attributes.get(name);
    return attribute ? attributeField(attribute) : undefined;
  };
}

/** The rows a ticket search returns: the workspace's conversations that are tickets. */
export const searchableTickets = (s: Scope) => s.fromAs('conversations', TICKET_ALIAS).selectAll(TICKET_ALIAS).where(`${TICKET_ALIAS}.ticket_type_id`, 'is not', null);
