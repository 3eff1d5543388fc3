import type { SqlRow } from '../../ports/sql-tool';
import { num } from '../answer-draft';
import { ENGAGEMENT, PROFILES_CTE, sqlString } from '../lake-sql';
import type { SkillContext } from './skill-context';

export interface LookedUpPosts {
  readonly rows: SqlRow[];
  readonly sql: string;
  /** Mean engagement and 90th percentile over every post in the lake: the baseline. */
  readonly baseline: { avg: number | null; p90: number | null; posts: number };
}

/** Numbers for knowledge-search hits come from the lake, never from the search index. */
export async function lookUpPosts(ctx: SkillContext, postIds: readonly string[]): Promise<LookedUpPosts> {
  const ids = postIds.length ? postIds.map(sqlString).join(', ') : `''`;
  const sql = `WITH ${PROFILES_CTE},
baseline AS (SELECT avg(${ENGAGEMENT}) AS base_avg, quantile_cont(${ENGAGEMENT}, 0.9) AS base_p90, count(*) AS base_posts FROM posts p)
SELECT p.post_id, p.creator, CAST(p.posted_date AS VARCHAR) AS posted_date, p.likes, p.comments, ${ENGAGEMENT} AS engagement, p.post_url,
       p.caption, p.image_description, p.hashtags, f.city AS profile_city, b.base_avg, b.base_p90, b.base_posts
FROM baseline b LEFT JOIN posts p ON p.post_id IN (${ids})
LEFT JOIN profiles f ON f.handle = lower(ltrim(rtrim(p.creator), ' @'))
ORDER BY p.post_id`;
  const result = await ctx.sql.run(sql);
  const first = result.rows[0] ?? {};
  return {
    sql,
    rows: result.rows.filter((r) => r.post_id !== null && r.post_id !== undefined),
    baseline: { avg: num(first.base_avg), p90: num(first.base_p90), posts: num(first.base_posts) ?? 0 },
  };
}
