/** Articles as Intercom sends them, from the article row, its content per locale and its help center. */
import type { ArticleContentsTable, ArticlesTable, HelpCentersTable } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { helpCenterUrl, slug } from '../help-center/public.js';

export const articleNotFound = () => notFound();

export type ArticleWire = components['schemas']['article'];

/** An article with everything it is shown from. */
export interface ArticleRecord {
  article: ArticlesTable;
  /** Its content in each locale it is written in (the default locale's always among them). */
  contents: ArticleContentsTable[];
  /** The help center its URLs are under: its collection's, else the workspace's first. */
  helpCenter: HelpCentersTable;
}

/** Where a published content is read; drafts have no URL. */
function urlOf(record: ArticleRecord, content: ArticleContentsTable): string | null {
  if (content.state !== 'published') return null;
  return `${helpCenterUrl(record.helpCenter)}/${content.locale}/articles/${record.article.id}-${slug(content.title)}`;
}

/**
 * Reader statistics. This server serves no help center pages, so nothing is ever viewed or reacted
 * to: the counts are truly zero.
 */
const statistics = () => ({
  type: 'article_statistics' as const,
  views: 0,
  conversions: 0,
  reactions: 0,
  happy_reaction_percentage: 0,
  neutral_reaction_percentage: 0,
  sad_reaction_percentage: 0,
});

export function articleWire(record: ArticleRecord): ArticleWire {
  const { article, contents } = record;
  const main = contents.find((c) => c.locale === article.default_locale)!;
  const translated: Record<string, unknown> = { type: 'article_translated_content' };
  for (const content of contents) {
    const url = urlOf(record, content);
    translated[content.locale] = {
      type: 'article_content',
      title: content.title,
      description: content.description,
      body: content.body,
      author_id: Number(content.author_id),
      state: content.state,
      created_at: Number(content.created_at),
      updated_at: Number(content.updated_at),
      // The schema's per-locale url is a plain string: a draft's is left out rather than null.
      ...(url === null ? {} : { url }),
    };
  }
  const parentId = article.parent_id === null ? null : Number(article.parent_id);
  return {
    id: String(article.id),
    type: 'article',
    workspace_id: article.workspace_id,
    title: main.title,
    description: main.description,
    body: main.body,
    author_id: Number(main.author_id),
    state: main.state,
    created_at: Number(article.created_at),
    updated_at: Number(article.updated_at),
    url: urlOf(record, main),
    parent_id: parentId,
    parent_ids: parentId === null ? [] : [parentId],
    parent_type: parentId === null ? null : 'collection',
    default_locale: article.default_locale,
    translated_content: translated as ArticleWire['translated_content'],
    statistics: statistics(),
  };
}

export const deletedArticle = (id: number) => ({ id: String(id), object: 'article' as const, deleted: true });
