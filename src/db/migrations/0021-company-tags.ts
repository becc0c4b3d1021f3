import type { Kysely } from 'kysely';

/** Tags applied to companies (POST /tags with `companies`); a tag or company deleted takes its rows along. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('company_tags_pk', ['workspace_id', 'company_id', 'tag_id'])
    .addForeignKeyConstraint('company_tags_company_fk', ['workspace_id', 'company_id'], 'companies', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('company_tags_tag_fk', ['workspace_id', 'tag_id'], 'tags', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // GET /companies?tag_id= and a tag's companies.
  await db.schema.createIndex('company_tags_tag').on('company_tags').columns(['workspace_id', 'tag_id', 'company_id']).execute();
}
