import type { Kysely } from 'kysely';
import type { Db } from '../database.js';
import { nextIds } from '../dialect.js';

/**
 * News: newsfeeds (made by the workspace's seed, not through the API), news items, and which
 * newsfeeds each item is assigned to with its publish date there. A draft's assignments have no
 * publish date yet (`published_at` null) until the item goes live.
 *
 * Workspaces created before this migration get their default newsfeed here, dated like the
 * workspace itself and named as the seed names it (resources/news/seed.ts), so every workspace has one whichever way it came to exist.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('newsfeeds')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('newsfeeds_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('news_items')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('reactions', 'text', (c) => c.notNull())
    .addColumn('deliver_silently', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('news_items_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('news_item_assignments')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('news_item_id', 'bigint', (c) => c.notNull())
    .addColumn('newsfeed_id', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addPrimaryKeyConstraint('news_item_assignments_pk', ['workspace_id', 'news_item_id', 'newsfeed_id'])
    .addForeignKeyConstraint('news_item_assignments_item_fk', ['workspace_id', 'news_item_id'], 'news_items', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('news_item_assignments_feed_fk', ['workspace_id', 'newsfeed_id'], 'newsfeeds', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // A newsfeed's live items, newest publish date first.
  await db.schema
    .createIndex('news_item_assignments_feed')
    .on('news_item_assignments')
    .columns(['workspace_id', 'newsfeed_id', 'published_at', 'news_item_id'])
    .execute();

  const workspaces: { id_code: string; created_at: number }[] = await db.selectFrom('workspaces').select(['id_code', 'created_at']).execute();
  const ids = await nextIds(db as unknown as Db, workspaces.length);
  for (const [i, workspace] of workspaces.entries()) {
    await db
      .insertInto('newsfeeds')
      .values({ workspace_id: workspace.id_code, id: ids[i], name: 'Newsfeed', created_at: workspace.created_at, updated_at: workspace.created_at })
      .execute();
  }
}
