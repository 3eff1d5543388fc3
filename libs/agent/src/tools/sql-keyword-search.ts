import { canonicalCity } from '@instalake/lake-schema';
import {
  cleanTerm,
  engagementSql,
  handleKeySql,
  scopeCtes,
  sqlLimit,
  sqlString,
  sqlStringList,
  STOPWORDS,
  topicPredicateSql,
} from '@instalake/semantic';
import type { KnowledgeFilters, KnowledgeHit, KnowledgeSearch } from '../ports/knowledge-search';
import type { SqlTool } from '../ports/sql-tool';

const COLUMNS = ['caption', 'image_description', 'hashtags'];

/**
 * Fallback KnowledgeSearch through the guarded SQL tool when no knowledge index is configured: ranks posts by
 * how many distinct query words (whole words, plurals too) their caption, image description and hashtags contain,
 * then by engagement. The real local index (BM25) replaces it when `kb sync` has run.
 */
export class SqlKeywordSearch implements KnowledgeSearch {
  constructor(private readonly sql: SqlTool) {}

  async search(text: string, filters: KnowledgeFilters, limit: number): Promise<KnowledgeHit[]> {
    const words = [...new Set(cleanTerm(text).split(/[ -]+/))]
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
      .slice(0, 12);
    if (words.length === 0) return [];
    const city = filters.city ? canonicalCity(filters.city) : undefined;
    const score = words
      .map((w) => `CASE WHEN ${topicPredicateSql({ label: w, terms: [w] }, COLUMNS)} THEN 1 ELSE 0 END`)
      .join(' + ');
    const where = [
      'score > 0',
      ...(filters.excludePostIds?.length ? [`post_id NOT IN (${sqlStringList(filters.excludePostIds)})`] : []),
      ...(filters.creator ? [`handle = ${sqlString(filters.creator.toLowerCase().replace(/^@/, ''))}`] : []),
      ...(filters.minLikes !== undefined ? [`likes >= ${Math.max(0, Math.floor(filters.minLikes))}`] : []),
    ];
    // Without a city the posts table is enough; a city needs the semantic scope (profile, else search term).
    const source = city
      ? `${scopeCtes({ window: { kind: 'all' }, cities: [city] }, {}).join(',\n')},\n`
      : `scope AS (SELECT *, ${handleKeySql('creator')} AS handle, ${engagementSql('likes', 'comments')} AS engagement FROM posts),\n`;
    const sql = `WITH ${source}scored AS (SELECT *, ${score} AS score FROM scope)
SELECT post_id, creator, post_url, score, left(concat_ws(' | ', caption, image_description), 200) AS snippet
FROM scored WHERE ${where.join(' AND ')}
ORDER BY score DESC, engagement DESC NULLS LAST, post_id LIMIT ${sqlLimit(limit, 50)}`;
    const rows = (await this.sql.run(sql)).rows;
    return rows.map((r) => ({
      postId: String(r.post_id),
      creator: String(r.creator ?? ''),
      score: Number(r.score ?? 0) / words.length,
      snippet: String(r.snippet ?? ''),
      ...(r.post_url ? { postUrl: String(r.post_url) } : {}),
    }));
  }
}
