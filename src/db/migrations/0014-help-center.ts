import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { engineOf, nextId } from '../dialect.js';

/**
 * Help centers, their collections (nested through `parent_id`) and articles.
 *
 * An article's content lives per locale in `article_contents` (the default locale's row is the
 * article's own title, body, author and state). Each content row carries its searchable text,
 * already folded and split into words by the server (`search_title`, `search_body`: words joined by
 * single spaces), so both engines index exactly the same words:
 * - PostgreSQL: a generated `search_vector` made of those words as they are (no parser, no
 *   dictionary), under a GIN index;
 * - SQLite: an FTS5 table `article_search` kept in step by triggers, keyed by the row's
 *   `search_rowid` (an explicit number: SQLite may renumber implicit rowids on VACUUM). Its `ascii`
 *   tokenizer splits on the spaces only, so a word is the same word on both engines. Its `ws` column
 *   holds a one-word token of the workspace, so a match never leaves the workspace.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db as never);
  await db.schema
    .createTable('help_centers')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('website_turned_on', 'integer', (c) => c.notNull())
    .addColumn('custom_domain', 'text')
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('locales', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('help_centers_pk', ['workspace_id', 'id'])
    .execute();
  // Workspaces made before help centers existed get the one a new workspace is seeded with.
  const now = Math.floor(Date.now() / 1000);
  for (const ws of await db.selectFrom('workspaces').select(['id_code', 'name']).execute()) {
    await db
      .insertInto('help_centers')
      .values({
        workspace_id: ws.id_code, id: await nextId(db as never), identifier: ws.id_code, display_name: `${ws.name} Help Center`,
        website_turned_on: 1, custom_domain: null, default_locale: 'en', locales: JSON.stringify(['en', 'fr', 'de', 'es']), created_at: now, updated_at: now,
      })
      .execute();
  }

  await db.schema
    .createTable('collections')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('help_center_id', 'bigint', (c) => c.notNull())
    .addColumn('parent_id', 'bigint')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('icon', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('translations', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('collections_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('collections_help_center_fk', ['workspace_id', 'help_center_id'], 'help_centers', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('collections_parent_fk', ['workspace_id', 'parent_id'], 'collections', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('collections_updated').on('collections').columns(['workspace_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('collections_parent').on('collections').columns(['workspace_id', 'parent_id', 'position']).execute();

  await db.schema
    .createTable('articles')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id_code').onDelete('cascade'))
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('parent_id', 'bigint')
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('articles_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('articles_updated').on('articles').columns(['workspace_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('articles_parent').on('articles').columns(['workspace_id', 'parent_id']).execute();

  await db.schema
    .createTable('article_contents')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'bigint', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('search_rowid', 'bigint', (c) => c.notNull())
    .addColumn('search_title', 'text', (c) => c.notNull())
    .addColumn('search_body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_contents_pk', ['workspace_id', 'article_id', 'locale'])
    .addForeignKeyConstraint('article_contents_article_fk', ['workspace_id', 'article_id'], 'articles', ['workspace_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // Matches are joined on search_rowid; the index also holds what ranking and filtering read, so a
  // search never reads the (wide) content rows it does not show.
  await db.schema
    .createIndex('article_contents_search_rowid')
    .on('article_contents')
    .columns(['search_rowid', 'workspace_id', 'article_id', 'state', 'search_title'])
    .execute();

  if (engine === 'postgres') {
    await sql
      .raw(
        `ALTER TABLE article_contents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ` +
          `(array_to_tsvector(array_remove(string_to_array(search_title || ' ' || search_body, ' '), ''))) STORED`,
      )
      .execute(db);
    await sql.raw('CREATE INDEX article_contents_search ON article_contents USING gin (search_vector)').execute(db);
    return;
  }
  await sql.raw(`CREATE VIRTUAL TABLE article_search USING fts5(ws, search_title, search_body, tokenize = 'ascii')`).execute(db);
  const ws = `'w' || hex(NEW.workspace_id)`;
  await sql
    .raw(
      `CREATE TRIGGER article_contents_search_insert AFTER INSERT ON article_contents BEGIN
         INSERT INTO article_search (rowid, ws, search_title, search_body) VALUES (NEW.search_rowid, ${ws}, NEW.search_title, NEW.search_body);
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_contents_search_update AFTER UPDATE OF search_title, search_body ON article_contents BEGIN
         UPDATE article_search SET search_title = NEW.search_title, search_body = NEW.search_body WHERE rowid = NEW.search_rowid;
       END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER article_contents_search_delete AFTER DELETE ON article_contents BEGIN
         DELETE FROM article_search WHERE rowid = OLD.search_rowid;
       END`,
    )
    .execute(db);
}
