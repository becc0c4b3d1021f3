import type { Kysely } from 'kysely';

/** Companies (keyed by the client's `company_id`, unique per workspace) and the contacts attached to them. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('plan', 'text')
    .addColumn('size', 'bigint')
    .addColumn('website', 'text')
    .addColumn('industry', 'text')
    .addColumn('monthly_spend', 'bigint')
    .addColumn('session_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('remote_created_at', 'bigint')
    .addColumn('last_request_at', 'bigint')
    .addColumn('custom_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('companies_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('companies_company_id', ['workspace_id', 'company_id'])
    .execute();
  await db.schema.createIndex('companies_created').on('companies').columns(['workspace_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('contact_companies')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_companies_pk', ['workspace_id', 'contact_id', 'company_id'])
    .addForeignKeyConstraint('contact_companies_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('contact_companies_company_fk', ['workspace_id', 'company_id'], 'companies', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contact_companies_company').on('contact_companies').columns(['workspace_id', 'company_id', 'contact_id']).execute();
}
