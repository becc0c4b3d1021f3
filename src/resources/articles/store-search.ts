/**
 * Article search: the articles having some content (any locale) that holds every searched word in
 * its title or body, ranked the same way on both engines (see `relevance`).
 */
import { sql, type RawBuilder } from 'kysely';
import { defineStore, type Scope } from '../../core/scope.js';
import { containsText, fullTextMatch } from '../../db/dialect.js';
import { sqlLimit } from '../../http/pagination.js';

export interface ArticleSearch {
  /** The searched words, folded (text.ts); none lists every article the filters keep, most recently updated first. */
  words: string[];
  /** Only contents in this state; undefined for any. */
  state?: 'published' | 'draft';
  /** Only articles in a collection of this help center. */
  helpCenterId?: number;
  offset: number;
  limit: number;
}

const flag = (condition: RawBuilder<unknown>) => sql<number>`(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/**
 * How well one content matches, from its folded title only, so both engines rank alike and a search
 * reads no body: the whole phrase in the title counts most (100), then each searched word in the
 * title (10 each). Ties go to the most recently updated article.
 */
function relevance(s: Scope, words: string[]): RawBuilder<number> {
  const title = sql`(' ' || ${sql.ref('ac.search_title')} || ' ')`;
  const titleWords = words.map((w) => flag(containsText(s.engine, title, ` ${w} `)));
  return sql<number>`(100 * ${flag(containsText(s.engine, title, ` ${words.join(' ')} `))} + 10 * (${sql.join(titleWords, sql` + `)}))`;
}

/** Without words, every article the filters keep, most recently updated first (by the index, a page at a time). */
async function listed(s: Scope, query: ArticleSearch): Promise<{ ids: number[]; total: number }> {
  let found = s.fromAs('articles', 'a');
  if (query.state) {
    const inState = s.fromAs('article_contents', 'ac').select('ac.article_id').where('ac.state', '=', query.state);
    found = found.where('a.id', 'in', inState);
  }
  if (query.helpCenterId !== undefined) found = found.where('a.parent_id', 'in', inHelpCenter(s, query.helpCenterId));
  const totalRow = await found.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await found.select('a.id').orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(sqlLimit(query.limit)).offset(query.offset).execute();
  return { ids: rows.map((r) => Number(r.id)), total: Number(totalRow.n) };
}

/** The collections of a help center (articles in them are in it). */
const inHelpCenter = (s: Scope, helpCenterId: number) => s.from('collections').select('collections.id').where('collections.help_center_id', '=', helpCenterId);

export const articleSearch = defineStore((s) => ({
  /** One page of matching article ids, best first, and how many articles match. */
  async search(query: ArticleSearch): Promise<{ ids: number[]; total: number }> {
    if (query.words.length === 0) return listed(s, query);
    let contents = s.fromAs('article_contents', 'ac');
    if (query.state) contents = contents.where('ac.state', '=', query.state);
    const target = { vector: sql.ref('ac.search_vector'), ftsTable: 'article_search', ftsColumns: ['search_title', 'search_body'], workspaceId: s.workspaceId };
    const match = fullTextMatch(s.engine, target, query.words, 'fts');
    contents = match.rows
      ? contents.innerJoin(match.rows as never, (join: any) => join.onRef('fts.rowid', '=', 'ac.search_rowid'))
      : contents.where(match.condition);
    const matched = contents
      .select(['ac.article_id', sql<number>`max(${relevance(s, query.words)})`.as('score')])
      .groupBy('ac.article_id')
      .as('m');
    let found = s.fromAs('articles', 'a').innerJoin(matched, (join) => join.onRef('m.article_id', '=', 'a.id'));
    if (query.helpCenterId !== undefined) found = found.where('a.parent_id', 'in', inHelpCenter(s, query.helpCenterId));
    // The page carries the number of matches (a window count), so the matching runs once; only a
    // page past the end, which has no row to carry it, counts apart.
    const rows = await found
      .select(['a.id', sql<number>`count(*) over ()`.as('total')])
      .orderBy('m.score', 'desc')
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(sqlLimit(query.limit))
      .offset(query.offset)
      .execute();
    let total = rows.length > 0 ? Number(rows[0].total) : 0;
    if (rows.length === 0 && query.offset > 0) {
      total = Number((await found.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    }
    return { ids: rows.map((r) => Number(r.id)), total };
  },
}));
