import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createIdSequence } from '../dialect.js';

/** Workspaces, tokens, admins, teams, tags and the admin activity log. */
export async function up(db: Kysely<any>): Promise<void> {
  await createIdSequence(db);

  await db.schema
    .createTable('workspaces')
    .addColumn('id_code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('admin_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addPrimaryKeyConstraint('access_tokens_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('admins')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('job_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('away_mode_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('away_mode_reassign', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_inbox_seat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('avatar_url', 'text')
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('admins_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('teams_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'bigint', (c) => c.notNull())
    .addColumn('admin_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['workspace_id', 'team_id', 'admin_id'])
    .addForeignKeyConstraint('team_members_team_fk', ['workspace_id', 'team_id'], 'teams', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('team_members_admin_fk', ['workspace_id', 'admin_id'], 'admins', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('team_members_admin').on('team_members').columns(['workspace_id', 'admin_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['workspace_id', 'id'])
    .execute();
  // Intercom treats tag names case-insensitively: "VIP" and "vip" are one tag.
  await sql`CREATE UNIQUE INDEX tags_name ON tags (workspace_id, lower(name))`.execute(db);

  await db.schema
    .createTable('activity_logs')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('admin_id', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('activity_type', 'text', (c) => c.notNull())
    .addColumn('activity_description', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_logs_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('activity_logs_created').on('activity_logs').columns(['workspace_id', 'created_at', 'id']).execute();
}
