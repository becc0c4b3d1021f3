/**
 * Article search: the articles having some content (any locale) that holds every searched word in
 * its title or body, ranked the same way on both engines (see `relevance`).
 */
import { sql, type RawBuilder } from 'kysely';
import { defineStore, type Scope } from '../../core/scope.js';
import { containsText, fullTextMatch } from '../../db/dialect.js';
import { sqlLimit } from '../../http/pagination.js';

export interface ArticleSearch {
  /** The searched words, folded (text.ts); none lists every article the filters keep. */
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
 * How well one content matches, from its folded words only, so both engines rank alike: the whole
 * phrase in the title counts most (100), then each searched word in the title (10 each), then the
 * whole phrase in the body (5). Ties go to the most recently updated article.
 */
function relevance(s: Scope, words: string[]): RawBuilder<number> {
  if (words.length === 0) return sql<number>`0`;
  const padded = (column: string) => sql`(' ' || ${sql.ref(column)} || ' ')`;
  const phrase = ` ${words.join(' ')} `;
  const titleWords = words.map((w) => flag(containsText(s.engine, padded('ac.search_title'), ` ${w} `)));
  return sql<number>`(100 * ${flag(containsText(s.engine, padded('ac.search_title'), phrase))} + 10 * (${sql.join(titleWords, sql` + `)}) + 5 * ${flag(
    containsText(s.engine, padded('ac.search_body'), phrase),
  )})`;
}

export const articleSearch = defineStore((s) => ({
  /** One page of matching article ids, best first, and how many articles match. */
  async search(query: ArticleSearch): Promise<{ ids: number[]; total: number }> {
    let contents = s.fromAs('article_contents', 'ac');
    if (query.state) contents = contents.where('ac.state', '=', query.state);
    if (query.words.length > 0) {
      const target = { vector: sql.ref('ac.search_vector'), ftsTable: 'article_search', ftsColumns: ['search_title', 'search_body'], workspaceId: s.workspaceId };
      const match = fullTextMatch(s.engine, target, query.words, 'fts');
      contents = match.rows
        ? contents.innerJoin(match.rows as never, (join: any) => join.onRef('fts.rowid', '=', 'ac.search_rowid'))
        : contents.where(match.condition);
    }
    const matched = contents
      .select(['ac.article_id', sql<number>`max(${relevance(s, query.words)})`.as('score')])
      .groupBy('ac.article_id')
      .as('m');
    let found = s.fromAs('articles', 'a').innerJoin(matched, (join) => join.onRef('m.article_id', '=', 'a.id'));
    if (query.helpCenterId !== undefined) {
      const inHelpCenter = s.from('collections').select('collections.id').where('collections.help_center_id', '=', query.helpCenterId);
      found = found.where('a.parent_id', 'in', inHelpCenter);
    }
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
