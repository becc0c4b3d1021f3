/** Articles of one workspace, with their content per locale. */
import { numericId } from '../../core/ids.js';
import { defineStore, requireRow } from '../../core/scope.js';
import type { ArticleContentsTable, ArticlesTable } from '../../db/schema.js';
import { sqlLimit } from '../../http/pagination.js';
import { htmlText, searchText } from './text.js';
import { articleNotFound } from './wire.js';
import { recentlyUpdated } from '../help-center/public.js';

/** One locale's content as handlers write it (the searchable words are derived here). */
export type ContentFields = Pick<ArticleContentsTable, 'title' | 'description' | 'body' | 'author_id' | 'state'>;

const searchable = (content: ContentFields) => ({ search_title: searchText(content.title), search_body: searchText(htmlText(content.body)) });

export const articles = defineStore((s) => {
  const store = {
    find: (id: number): Promise<ArticlesTable | undefined> => s.from('articles').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The article a path names, or 404 "Resource Not Found"; an id that cannot exist is never queried. */
    require: (rawId: unknown): Promise<ArticlesTable> => requireRow(rawId, numericId, store.find, articleNotFound),

    /** Articles by id, in the order of `ids` (those that exist). */
    async byIds(ids: number[]): Promise<ArticlesTable[]> {
      if (ids.length === 0) return [];
      const rows = await s.from('articles').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** The content rows of these articles, by article id, in locale order. */
    async contentsOf(ids: number[]): Promise<Map<number, ArticleContentsTable[]>> {
      const grouped = new Map<number, ArticleContentsTable[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return grouped;
      const rows = await s.from('article_contents').selectAll().where('article_id', 'in', ids).orderBy('article_id').orderBy('locale').execute();
      for (const row of rows) grouped.get(Number(row.article_id))?.push(row);
      return grouped;
    },

    /** One page of articles, most recently updated first, and how many there are. */
    listed: (page: { offset: number; limit: number }) => recentlyUpdated(s, 'articles', page),

    async insert(article: Omit<ArticlesTable, 'workspace_id' | 'id'>): Promise<number> {
      const id = await s.nextId();
      await s.insert('articles', { ...article, id }).execute();
      return id;
    },

    async update(id: number, changes: Partial<Pick<ArticlesTable, 'parent_id' | 'updated_at'>>): Promise<void> {
      await s.update('articles').set(changes).where('id', '=', id).execute();
    },

    /** Adds a locale's content to an article. */
    async addContent(articleId: number, locale: string, content: ContentFields, now: number): Promise<void> {
      const row = { article_id: articleId, locale, ...content, ...searchable(content), created_at: now, updated_at: now, search_rowid: await s.nextId() };
      await s.insert('article_contents', row).execute();
    },

    /** Replaces a locale's content of an article. */
    async updateContent(articleId: number, locale: string, content: ContentFields, now: number): Promise<void> {
      await s
        .update('article_contents')
        .set({ ...content, ...searchable(content), updated_at: now })
        .where('article_id', '=', articleId)
        .where('locale', '=', locale)
        .execute();
    },

    /** Deletes the article (its contents go with it, by cascade); false when it was already gone. */
    async delete(id: number): Promise<boolean> {
      const result = await s.delete('articles').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
  return store;
});
