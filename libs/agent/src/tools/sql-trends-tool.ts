import type { SqlTool } from '../ports/sql-tool';
import type { TrendsQuery, TrendsReport, TrendsTool } from '../ports/trends-tool';
import { num, shiftDay } from '../offline/answer-draft';
import { cityByName } from '../offline/cities';
import { scopedPostsCte, sqlDate } from '../offline/lake-sql';

/**
 * Trending hashtags computed through the guarded SQL tool: hashtags from the hashtags column and #tags in
 * the caption, lower-cased and de-duplicated per post; growth against the previous window of the same length.
 * Used where the trends use case is not wired; same definitions.
 */
export class SqlTrendsTool implements TrendsTool {
  constructor(private readonly sql: SqlTool) {}

  async get(query: TrendsQuery): Promise<TrendsReport> {
    const city = cityByName(query.city);
    if (!city) throw new Error(`Unknown city "${query.city}"`);
    const from = shiftDay(query.asOf, -(query.days - 1));
    const prevFrom = shiftDay(from, -query.days);
    const prevTo = shiftDay(from, -1);
    const sql = `WITH ${scopedPostsCte({ city, from: prevFrom, to: query.asOf })},
tagged AS (
  SELECT DISTINCT post_id, handle, engagement, posted_date >= ${sqlDate(from)} AS current_window,
         unnest(regexp_extract_all(lower(concat_ws(' ', hashtags, caption)), '#[\\p{L}\\p{N}_]+')) AS tag
  FROM scoped
),
per_tag AS (
  SELECT tag, count(*) FILTER (WHERE current_window) AS posts, count(*) FILTER (WHERE NOT current_window) AS previous_posts,
         count(DISTINCT handle) FILTER (WHERE current_window) AS accounts,
         coalesce(sum(engagement) FILTER (WHERE current_window), 0) AS total_engagement,
         avg(engagement) FILTER (WHERE current_window) AS avg_engagement
  FROM tagged GROUP BY tag
)
SELECT t.*, (SELECT count(*) FROM scoped WHERE posted_date >= ${sqlDate(from)}) AS data_points
FROM per_tag t WHERE posts > 0
ORDER BY posts DESC, avg_engagement DESC NULLS LAST, tag LIMIT 20`;
    const rows = (await this.sql.run(sql)).rows;
    return {
      city: city.name,
      window: { from, to: query.asOf },
      previousWindow: { from: prevFrom, to: prevTo },
      hashtags: rows.map((r) => {
        const posts = num(r.posts) ?? 0;
        const previous = num(r.previous_posts) ?? 0;
        return {
          tag: String(r.tag),
          posts,
          accounts: num(r.accounts) ?? 0,
          totalEngagement: num(r.total_engagement) ?? 0,
          avgEngagement: num(r.avg_engagement) ?? 0,
          growthPct: previous ? ((posts - previous) / previous) * 100 : null,
        };
      }),
      patterns: [],
      dataPoints: num(rows[0]?.data_points) ?? 0,
    };
  }
}
