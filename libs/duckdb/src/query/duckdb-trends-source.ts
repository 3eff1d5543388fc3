import type {
  ContentPattern,
  HashtagStats,
  TrendsSource,
  TrendsWindowData,
  TrendsWindowQuery,
} from '@instalake/trends';
import { handleKeySql, postCitySql } from '@instalake/lake-schema';
import { engagementSql, postHashtagsSql } from '@instalake/semantic';
import { LAKE_ALIAS } from '../catalogs/lake-catalog';
import type { QuerySandbox } from './duckdb-query-sandbox';
import { runInSandbox } from './duckdb-query-executor';

const POSTS = `${LAKE_ALIAS}.instagram_db.posts`;
const RESTAURANTS = `${LAKE_ALIAS}.instagram_db.restaurants`;
/** Engagement score: mean shrunk toward the window mean with this many pseudo-posts. */
const SHRINK = 5;

/**
 * get_trends in one DuckDB statement. Parameters: $1 the canonical city, $2/$3 current window, $4 start of the
 * previous window (it ends the day before $2), $5/$6 result limits.
 * City membership is lake-schema's post city (postCitySql): the creator's restaurant profile city when a profile
 * exists, else the city the search term names, both canonical cities computed at ingest.
 */
export const TRENDS_SQL = `
WITH window_posts AS (
  SELECT p.post_id, p.creator, p.canonical_city, p.search_term, p.posted_date, p.likes, p.comments, p.hashtags, p.caption,
         p.posted_date >= $2::DATE AS in_current,
         ${engagementSql('p.likes', 'p.comments')} AS engagement
  FROM ${POSTS} p
  WHERE p.posted_date BETWEEN $4::DATE AND $3::DATE
),
city_posts AS MATERIALIZED (
  -- Only what later steps read: carrying whole captions through the materialised CTE cost a third of the query.
  SELECT ${handleKeySql('w.creator')} AS handle, w.in_current, w.likes, w.engagement,
         CASE WHEN w.in_current THEN nullif(trim(regexp_replace(lower(w.search_term), '\\s+', ' ', 'g')), '') END AS search_term,
         CASE WHEN w.in_current THEN dayname(w.posted_date) END AS weekday,
         CASE WHEN NOT w.in_current THEN NULL
              WHEN w.caption IS NULL OR trim(w.caption) = '' THEN 'no caption'
              WHEN length(w.caption) < 50 THEN 'short (under 50 chars)'
              WHEN length(w.caption) < 150 THEN 'medium (50-149 chars)'
              ELSE 'long (150+ chars)' END AS caption_length,
         ${postHashtagsSql('w.hashtags', 'w.caption')} AS tags
  FROM (${postCitySql('window_posts', RESTAURANTS)}) w
  WHERE w.city = $1
),
summary AS (
  SELECT count(*) FILTER (WHERE in_current) AS posts,
         count(DISTINCT handle) FILTER (WHERE in_current) AS accounts,
         count(*) FILTER (WHERE in_current AND likes IS NULL) AS hidden_likes_posts,
         count(*) FILTER (WHERE NOT in_current) AS previous_posts,
         avg(engagement) FILTER (WHERE in_current) AS avg_engagement
  FROM city_posts
),
tagged AS (SELECT handle, in_current, likes, engagement, unnest(tags) AS tag FROM city_posts),
hashtag_stats AS (
  SELECT tag,
         count(*) FILTER (WHERE in_current) AS posts,
         count(DISTINCT handle) FILTER (WHERE in_current) AS accounts,
         coalesce(sum(engagement) FILTER (WHERE in_current), 0) AS total_engagement,
         avg(engagement) FILTER (WHERE in_current) AS avg_engagement,
         count(*) FILTER (WHERE in_current AND likes IS NULL) AS hidden_likes_posts,
         count(*) FILTER (WHERE NOT in_current) AS previous_posts
  FROM tagged GROUP BY tag
  HAVING count(*) FILTER (WHERE in_current) > 0
),
features AS (
  SELECT engagement, search_term, weekday, caption_length,
         CASE WHEN len(tags) = 0 THEN '0 hashtags'
              WHEN len(tags) <= 2 THEN '1-2 hashtags'
              WHEN len(tags) <= 5 THEN '3-5 hashtags'
              WHEN len(tags) <= 10 THEN '6-10 hashtags'
              ELSE '11+ hashtags' END AS hashtag_count
  FROM city_posts WHERE in_current
),
facets AS (
  SELECT 'search_term' AS kind, search_term AS value, engagement FROM features WHERE search_term IS NOT NULL
  UNION ALL SELECT 'weekday', weekday, engagement FROM features
  UNION ALL SELECT 'caption_length', caption_length, engagement FROM features
  UNION ALL SELECT 'hashtag_count', hashtag_count, engagement FROM features
),
pattern_stats AS (
  SELECT f.kind, f.value, count(*) AS posts, avg(f.engagement) AS avg_engagement,
         CASE WHEN count(f.engagement) = 0 THEN NULL
              ELSE (coalesce(sum(f.engagement), 0) + ${SHRINK} * any_value(s.avg_engagement)) / (count(f.engagement) + ${SHRINK}) END AS score
  FROM facets f, summary s GROUP BY f.kind, f.value
)
SELECT s.posts, s.accounts, s.hidden_likes_posts, s.previous_posts, s.avg_engagement,
  (SELECT coalesce(list({
      'tag': tag, 'posts': posts, 'accounts': accounts, 'total_engagement': total_engagement,
      'avg_engagement': avg_engagement, 'hidden_likes_posts': hidden_likes_posts, 'previous_posts': previous_posts,
      'growth_pct': CASE WHEN previous_posts = 0 THEN NULL ELSE round(100.0 * (posts - previous_posts) / previous_posts, 1) END
    } ORDER BY posts DESC, avg_engagement DESC NULLS LAST, tag), [])[1:$5::INTEGER] FROM hashtag_stats) AS hashtags,
  (SELECT coalesce(list({'kind': kind, 'value': value, 'posts': posts, 'avg_engagement': avg_engagement, 'score': score}
      ORDER BY score DESC NULLS LAST, posts DESC, kind, value), [])[1:$6::INTEGER] FROM pattern_stats) AS patterns
FROM summary s`;

/**
 * The TrendsSource port on DuckDB: one parameterised statement in the query sandbox (same workers, deadline and
 * memory cap as guarded SQL); only aggregates leave the engine.
 */
export class DuckDbTrendsSource implements TrendsSource {
  constructor(
    private readonly sandbox: QuerySandbox,
    private readonly options: { readonly timeoutMs?: number } = {},
  ) {}

  async windowStats(query: TrendsWindowQuery): Promise<TrendsWindowData> {
    const result = await runInSandbox(this.sandbox, {
      sql: TRENDS_SQL,
      params: [query.city, query.from, query.to, query.previousFrom, query.maxHashtags, query.maxPatterns],
      timeoutMs: this.options.timeoutMs ?? 10_000,
    });
    const row = Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[0]?.[i]]));
    const hashtags = (row.hashtags as Record<string, unknown>[]).map((h): HashtagStats => ({
      tag: String(h.tag),
      posts: num(h.posts),
      accounts: num(h.accounts),
      totalEngagement: num(h.total_engagement),
      avgEngagement: maybeNum(h.avg_engagement),
      hiddenLikesPosts: num(h.hidden_likes_posts),
      previousPosts: num(h.previous_posts),
      growthPct: maybeNum(h.growth_pct),
    }));
    const patterns = (row.patterns as Record<string, unknown>[]).map((p): ContentPattern => ({
      kind: String(p.kind) as ContentPattern['kind'],
      value: String(p.value),
      posts: num(p.posts),
      avgEngagement: maybeNum(p.avg_engagement),
      score: maybeNum(p.score),
    }));
    return {
      posts: num(row.posts),
      accounts: num(row.accounts),
      hiddenLikesPosts: num(row.hidden_likes_posts),
      previousPosts: num(row.previous_posts),
      avgEngagement: maybeNum(row.avg_engagement),
      hashtags,
      patterns,
    };
  }
}

function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}
function maybeNum(value: unknown): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;
}
