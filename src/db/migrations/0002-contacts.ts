import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Contacts (users and leads), their tags and their notes. */
export async function up(db: Kysely<any>): Promise<void> {
  const text = ['email', 'email_domain', 'external_id', 'phone', 'name', 'avatar', 'language_override', 'browser',
    'browser_version', 'browser_language', 'os', 'android_app_name', 'android_app_version', 'android_device',
    'android_os_version', 'android_sdk_version', 'ios_app_name', 'ios_app_version', 'ios_device', 'ios_os_version',
    'ios_sdk_version', 'location_country', 'location_region', 'location_city', 'location_country_code',
    'location_continent_code', 'utm_campaign', 'utm_content', 'utm_medium', 'utm_source', 'utm_term', 'referrer'];
  const optionalTimes = ['signed_up_at', 'last_seen_at', 'last_replied_at', 'last_contacted_at', 'last_email_opened_at',
    'last_email_clicked_at', 'android_last_seen_at', 'ios_last_seen_at'];

  let contacts = db.schema
    .createTable('contacts')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'bigint')
    .addColumn('has_hard_bounced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marked_email_as_spam', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unsubscribed_from_emails', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('custom_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  for (const column of text) contacts = contacts.addColumn(column, 'text');
  for (const column of optionalTimes) contacts = contacts.addColumn(column, 'bigint');
  await contacts.addPrimaryKeyConstraint('contacts_pk', ['workspace_id', 'id']).execute();

  // Identity lookups (duplicate checks, search by email / external_id) and the default list order.
  await sql`CREATE INDEX contacts_email ON contacts (workspace_id, lower(email))`.execute(db);
  await db.schema.createIndex('contacts_external_id').on('contacts').columns(['workspace_id', 'external_id']).execute();
  await db.schema.createIndex('contacts_created').on('contacts').columns(['workspace_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('contact_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_by', 'bigint')
    .addPrimaryKeyConstraint('contact_tags_pk', ['workspace_id', 'contact_id', 'tag_id'])
    .addForeignKeyConstraint('contact_tags_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('contact_tags_tag_fk', ['workspace_id', 'tag_id'], 'tags', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contact_tags_tag').on('contact_tags').columns(['workspace_id', 'tag_id', 'contact_id']).execute();

  await db.schema
    .createTable('notes')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('admin_id', 'bigint')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notes_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('notes_contact_fk', ['workspace_id', 'contact_id'], 'contacts', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('notes_contact').on('notes').columns(['workspace_id', 'contact_id', 'created_at']).execute();
}
