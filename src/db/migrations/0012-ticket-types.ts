import type { Kysely } from 'kysely';

/**
 * Ticket types and the attributes that shape their tickets. Ids come from the shared numeric id
 * sequence, like every other numeric Intercom id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_types')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('icon', 'text', (c) => c.notNull())
    /** Customer | Back-office | Tracker. */
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('is_internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_types_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('ticket_type_attributes')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('ticket_type_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** string | list | integer | decimal | boolean | datetime | files. */
    .addColumn('data_type', 'text', (c) => c.notNull())
    /** JSON object: `multiline` (string), `list_options` (list), `allow_multiple_values` (files). */
    .addColumn('input_options', 'text', (c) => c.notNull().defaultTo('{}'))
    /** The attribute's `order` among its type's attributes. */
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('required_to_create', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('required_to_create_for_contacts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visible_on_create', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('visible_to_contacts', 'integer', (c) => c.notNull().defaultTo(1))
    /** The two built-in attributes every type has (`_default_title_`, `_default_description_`). */
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_type_attributes_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('ticket_type_attributes_type_fk', ['workspace_id', 'ticket_type_id'], 'ticket_types', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // Tickets name their attribute values by attribute name, so a name is taken once per type.
  await db.schema.createIndex('ticket_type_attributes_name').unique().on('ticket_type_attributes').columns(['workspace_id', 'ticket_type_id', 'name']).execute();
}
