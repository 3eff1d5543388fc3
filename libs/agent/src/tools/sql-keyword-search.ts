import type { KnowledgeFilters, KnowledgeHit, KnowledgeSearch } from '../ports/knowledge-search';
import type { SqlTool } from '../ports/sql-tool';
import { num } from '../offline/answer-draft';
import { cityByName } from '../offline/cities';
import { scopedPostsCte, sqlString, textMatchSql } from '../offline/lake-sql';

const STOP = new Set([
  'the',
  'and',
  'with',
  'for',
  'posts',
  'post',
  'content',
  'photos',
  'show',
  'find',
  'similar',
  'like',
  'that',
  'this',
  'from',
]);

/**
 * Fallback KnowledgeSearch through the guarded SQL tool when no knowledge index is configured: ranks posts by
 * how many distinct query words (prefix match) their caption, image description and hashtags contain, then by
 * engagement. The local BM25+ index replaces it once `kb sync` has run.
 */
export class SqlKeywordSearch implements KnowledgeSearch {
  constructor(private readonly sql: SqlTool) {}

  async search(text: string, filters: KnowledgeFilters, limit: number): Promise<KnowledgeHit[]> {
    const words = [
      ...new Set(
        text
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[^a-z0-9 ]/g, ' ')
          .split(/\s+/),
      ),
    ]
      .filter((w) => w.length >= 3 && !STOP.has(w))
      .slice(0, 12);
    if (words.length === 0) return [];
    const city = filters.city ? cityByName(filters.city) : undefined;
    const columns = ['caption', 'image_description', 'hashtags'];
    const score = words
      .map((w) => `CASE WHEN ${textMatchSql(columns, w, `(^|[^a-z0-9])${w}`)} THEN 1 ELSE 0 END`)
      .join(' + ');
    const excluded = (filters.excludePostIds ?? []).map(sqlString);
    const where = [
      `score > 0`,
      ...(excluded.length ? [`post_id NOT IN (${excluded.join(', ')})`] : []),
      ...(filters.creator ? [`handle = ${sqlString(filters.creator.toLowerCase().replace(/^@/, ''))}`] : []),
      ...(filters.minLikes !== undefined ? [`likes >= ${Math.max(0, Math.floor(filters.minLikes))}`] : []),
    ];
    const sql = `WITH ${scopedPostsCte({ city })},
scored AS (SELECT *, ${score} AS score FROM scoped)
SELECT post_id, creator, post_url, score, left(concat_ws(' | ', caption, image_description), 200) AS snippet
FROM scored WHERE ${where.join(' AND ')}
ORDER BY score DESC, engagement DESC NULLS LAST, post_id LIMIT ${Math.min(Math.max(limit, 1), 50)}`;
    const rows = (await this.sql.run(sql)).rows;
    return rows.map((r) => ({
      postId: String(r.post_id),
      creator: String(r.creator ?? ''),
      score: (num(r.score) ?? 0) / words.length,
      snippet: String(r.snippet ?? ''),
      ...(r.post_url ? { postUrl: String(r.post_url) } : {}),
    }));
  }
}
