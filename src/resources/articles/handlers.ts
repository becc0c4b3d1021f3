/**
 * Articles: listArticles, createArticle, retrieveArticle, updateArticle, deleteArticle and
 * searchArticles. Articles have no webhook topics: nothing is emitted.
 */
import type { Ctx, Handlers } from '../../core/context.js';
import type { ArticleContentsTable, ArticlesTable, HelpCentersTable } from '../../db/schema.js';
import { badRequest, missingParameter } from '../../errors.js';
import type { components } from '../../generated/types.js';
import { numberedPage, pageNumber, pageOffset, perPage } from '../../http/pagination.js';
import { admins } from '../admins/public.js';
import { collections, helpCenters, localesOf, translatedEntries } from '../help-center/public.js';
import { articleHtml } from './body.js';
import { articleSearch } from './store-search.js';
import { articles, type ContentFields } from './store.js';
import { highlightSummary, highlightTitle, htmlText, words } from './text.js';
import { articleNotFound, articleWire, deletedArticle, type ArticleWire } from './wire.js';

type ArticleRequest = components['schemas']['create_article_request'] | components['schemas']['update_article_request_body'];
type ContentRequest = components['schemas']['article_content_request'];

/** GET /articles: 15 per page by default (behaviour §4). Search: 10 per page, as Intercom's examples show. */
const PER_PAGE = 15;
const SEARCH_PER_PAGE = 10;
/** Words a search phrase may hold. */
const MAX_SEARCH_WORDS = 32;

/** Articles as the API shows them: their contents, collections and help centers read in a few queries whatever their number. */
async function shown(ctx: Ctx, rows: ArticlesTable[]): Promise<ArticleWire[]> {
  const ids = rows.map((r) => Number(r.id));
  const contents = await articles(ctx).contentsOf(ids);
  const parents = await collections(ctx).byIds(rows.flatMap((r) => (r.parent_id === null ? [] : [Number(r.parent_id)])));
  const centers = await helpCenters(ctx).byIds([...parents.values()].map((c) => Number(c.help_center_id)));
  const primary = await helpCenters(ctx).primary();
  return rows.map((article) => {
    const parent = article.parent_id === null ? undefined : parents.get(Number(article.parent_id));
    const helpCenter = (parent && centers.get(Number(parent.help_center_id))) || primary;
    return articleWire({ article, contents: contents.get(Number(article.id)) ?? [], helpCenter });
  });
}

const showOne = async (ctx: Ctx, id: number) => (await shown(ctx, [await articles(ctx).require(id)]))[0];

/** Where the article goes: a collection of the workspace (`parent_type` "collection"), or none for null. */
async function parentOf(ctx: Ctx, body: ArticleRequest): Promise<number | null | undefined> {
  if (body.parent_type !== undefined && body.parent_type !== null && body.parent_type !== 'collection') {
    throw badRequest("parent_type must be 'collection'", 'parameter_invalid', 'parent_type');
  }
  if (body.parent_id === undefined) return undefined;
  if (body.parent_id === null || body.parent_id === '') return null;
  return Number((await collections(ctx).require(body.parent_id)).id);
}

/**
 * The content of every locale the body writes, merged over `current` (what the article has): for the
 * default locale the top-level fields win over its `translated_content` entry. A new locale needs a
 * title; its author defaults to the article's and its state to draft. Authors must be admins of the
 * workspace. Bodies are normalised as Intercom stores them.
 */
async function contentsAfter(ctx: Ctx, body: ArticleRequest, helpCenter: HelpCentersTable, current: Map<string, ArticleContentsTable>): Promise<Map<string, ContentFields>> {
  const defaultLocale = helpCenter.default_locale;
  const given = new Map<string, ContentRequest>(translatedEntries(body.translated_content, localesOf(helpCenter)) as [string, ContentRequest][]);
  const top: ContentRequest = {};
  for (const key of ['title', 'description', 'body', 'author_id', 'state'] as const) if (body[key] !== undefined) (top as Record<string, unknown>)[key] = body[key];
  given.set(defaultLocale, { ...given.get(defaultLocale), ...top });

  const defaultAuthor = given.get(defaultLocale)!.author_id ?? current.get(defaultLocale)?.author_id;
  if (defaultAuthor === undefined) throw missingParameter('author_id must be in the main body or default locale translated_content object', 'author_id');
  const changed = new Map<string, ContentFields>();
  const checkedAuthors = new Set<number>();
  for (const [locale, request] of given) {
    const before = current.get(locale);
    if (before === undefined && Object.keys(request).length === 0 && locale !== defaultLocale) continue;
    if (before !== undefined && Object.keys(request).length === 0) continue;
    const title = (request.title ?? before?.title ?? '').trim();
    if (!title) {
      const where = locale === defaultLocale ? 'the main body or default locale translated_content object' : `translated_content.${locale}`;
      throw missingParameter(`title must be in ${where}`, locale === defaultLocale ? 'title' : `translated_content.${locale}.title`);
    }
    const authorId = Number(request.author_id ?? before?.author_id ?? defaultAuthor);
    if (!checkedAuthors.has(authorId)) {
      await admins(ctx).require(authorId);
      checkedAuthors.add(authorId);
    }
    changed.set(locale, {
      title,
      description: request.description ?? before?.description ?? '',
      body: request.body === undefined ? (before?.body ?? '') : articleHtml(request.body),
      author_id: authorId,
      state: request.state ?? before?.state ?? 'draft',
    });
  }
  return changed;
}

/** Writes the changed contents: new locales are added, the others replaced. */
async function saveContents(ctx: Ctx, articleId: number, changed: Map<string, ContentFields>, existing: Set<string>, now: number) {
  for (const [locale, content] of changed) {
    if (existing.has(locale)) await articles(ctx).updateContent(articleId, locale, content, now);
    else await articles(ctx).addContent(articleId, locale, content, now);
  }
}

/** `state` of a search: published, draft, or all (the default). */
function searchState(raw: unknown): 'published' | 'draft' | undefined {
  if (raw === undefined || raw === '' || raw === 'all') return undefined;
  if (raw === 'published' || raw === 'draft') return raw;
  throw badRequest('state must be one of published, draft or all', 'parameter_invalid', 'state');
}

/**
 * Highlights of one found article: from the content that holds every searched word (the default
 * locale's when it does), its title and up to three passages of its body with those words marked.
 */
function highlightsOf(contents: ArticleContentsTable[], defaultLocale: string, wanted: Set<string>) {
  const holdsAll = (c: ArticleContentsTable) => {
    const have = new Set([...c.search_title.split(' '), ...c.search_body.split(' ')]);
    return [...wanted].every((w) => have.has(w));
  };
  const ordered = [...contents].sort((a, b) => Number(b.locale === defaultLocale) - Number(a.locale === defaultLocale));
  const content = ordered.find(holdsAll) ?? ordered[0];
  return { highlighted_title: highlightTitle(content.title, wanted), highlighted_summary: highlightSummary(htmlText(content.body), wanted) };
}

export const articleHandlers: Handlers = {
  /** GET /articles: most recently updated first. */
  async listArticles(ctx, { query }) {
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, PER_PAGE);
    const { rows, total } = await articles(ctx).listed({ offset: pageOffset(page, limit), limit });
    return { type: 'list', data: await shown(ctx, rows), total_count: total, pages: numberedPage({ page, perPage: limit, totalCount: total }) };
  },

  /** POST /articles: a draft unless `state` says published; in the workspace's help center locales. */
  async createArticle(ctx, { body }) {
    const helpCenter = await helpCenters(ctx).primary();
    const parentId = await parentOf(ctx, body);
    const changed = await contentsAfter(ctx, body, helpCenter, new Map());
    const now = ctx.clock.now();
    const id = await articles(ctx).insert({ parent_id: parentId ?? null, default_locale: helpCenter.default_locale, created_at: now, updated_at: now });
    await saveContents(ctx, id, changed, new Set(), now);
    return showOne(ctx, id);
  },

  async retrieveArticle(ctx, { params }) {
    return showOne(ctx, Number((await articles(ctx).require(params.article_id)).id));
  },

  /** PUT /articles/{id}: what the body sends changes, the rest stays (an omitted `state` too). */
  async updateArticle(ctx, { params, body }) {
    const article = await articles(ctx).require(params.article_id);
    const id = Number(article.id);
    const request = body ?? {};
    const helpCenter = await helpCenters(ctx).primary();
    const parentId = await parentOf(ctx, request);
    const current = new Map((await articles(ctx).contentsOf([id])).get(id)!.map((c) => [c.locale, c]));
    const changed = await contentsAfter(ctx, request, helpCenter, current);
    const now = ctx.clock.now();
    await saveContents(ctx, id, changed, new Set(current.keys()), now);
    await articles(ctx).update(id, { updated_at: now, ...(parentId === undefined ? {} : { parent_id: parentId }) });
    return showOne(ctx, id);
  },

  async deleteArticle(ctx, { params }) {
    const article = await articles(ctx).require(params.article_id);
    if (!(await articles(ctx).delete(Number(article.id)))) throw articleNotFound();
    return deletedArticle(Number(article.id));
  },

  /**
   * GET /articles/search: the articles with a content (any locale) holding every word of `phrase`
   * in its title or body, best first; without a phrase, every article the filters keep. `highlight`
   * adds the marked title and passages of each article found.
   */
  async searchArticles(ctx, { query }) {
    const wanted = [...new Set(words(query.phrase ?? ''))];
    if (wanted.length > MAX_SEARCH_WORDS) throw badRequest(`phrase may hold at most ${MAX_SEARCH_WORDS} words`, 'parameter_invalid', 'phrase');
    const state = searchState(query.state);
    const helpCenterId = query.help_center_id === undefined ? undefined : Number((await helpCenters(ctx).require(query.help_center_id)).id);
    const page = pageNumber(query.page);
    const limit = perPage(query.per_page, SEARCH_PER_PAGE);
    const { ids, total } = await articleSearch(ctx).search({ words: wanted, state, helpCenterId, offset: pageOffset(page, limit), limit });
    const rows = await articles(ctx).byIds(ids);
    const found = await shown(ctx, rows);
    let highlights: (ReturnType<typeof highlightsOf> & { article_id: string })[] = [];
    if (query.highlight === true && wanted.length > 0) {
      const contents = await articles(ctx).contentsOf(ids);
      const set = new Set(wanted);
      highlights = rows.map((r) => ({ article_id: String(r.id), ...highlightsOf(contents.get(Number(r.id)) ?? [], r.default_locale, set) }));
    }
    return {
      type: 'list',
      total_count: total,
      data: { articles: found, highlights },
      pages: numberedPage({ page, perPage: limit, totalCount: total }),
    };
  },
};
