import { dimensionKeySql, dimensionOrderSql } from '../model/dimensions';
import { locationTagPattern } from '../model/cuisine';
import { type Aggregation, type MeasureId, isAccountMeasure, postHashtagsSql } from '../model/measures';
import { topicPredicateSql } from '../model/topic';
import type {
  AggregatePlan,
  CompareAccountsPlan,
  DriversPlan,
  Filters,
  PeersPlan,
  ProfilePlan,
  RankAccountsPlan,
  SharePlan,
  TopPostsPlan,
  TrendPlan,
} from '../plan/plan';
import { type ResolvedWindow, previousWindow, resolveWindow } from '../plan/window';
import { sqlDate, sqlLimit, sqlString, sqlStringList } from './literals';
import { ACCOUNT_CUISINE_CTE, ACCOUNTS_CTE, partPredicates, PROFILES_CTE, scopeCtes, TERMS_CTE } from './scope';

/** One compiled statement, with the absolute window(s) it covers. */
export interface CompiledQuery {
  readonly sql: string;
  readonly window: ResolvedWindow;
  readonly previousWindow?: ResolvedWindow;
}

const POST_COLUMNS = `post_id, creator, handle, name, CAST(posted_date AS VARCHAR) AS posted_date, likes, comments, engagement,
         round(engagement_rate, 2) AS engagement_rate, city, post_url, caption, image_description, hashtags`;

/** Post-level expression of a measure over `scope` rows. */
function postValue(measure: MeasureId): string {
  switch (measure) {
    case 'likes':
    case 'comments':
    case 'engagement':
    case 'engagement_rate':
      return measure;
    case 'post_count':
      return '1';
    case 'followers':
    case 'posts_count':
      throw new RangeError(`${measure} is an account measure, not a post measure`);
  }
}

function aggregateSql(aggregation: Aggregation, measure: MeasureId): string {
  if (measure === 'post_count' || aggregation === 'count') return 'count(*)';
  const value = postValue(measure);
  return aggregation === 'median' ? `median(${value})` : `${aggregation}(${value})`;
}

function missingSql(measure: MeasureId): string {
  return measure === 'post_count' ? '0' : `count(*) FILTER (WHERE ${postValue(measure)} IS NULL)`;
}

function withCtes(ctes: readonly string[], body: string): string {
  return `WITH ${ctes.join(',\n')}\n${body}`;
}

/** Top posts by a post measure, with the scope's sample and baseline (average and median) on every row. */
export function compileTopPosts(plan: TopPostsPlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const m = postValue(plan.measure);
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  const sql = withCtes(
    [
      ...scopeCtes(plan.filters, window),
      `stats AS (
  SELECT count(*) AS n_posts, count(DISTINCT handle) AS n_accounts, ${missingSql(plan.measure)} AS n_missing,
         avg(${m}) AS avg_value, median(${m}) AS median_value,
         CAST(min(posted_date) AS VARCHAR) AS first_day, CAST(max(posted_date) AS VARCHAR) AS last_day
  FROM scope
)`,
      plan.sort === 'recent'
        ? `ranked AS (
  SELECT ${POST_COLUMNS}, ${m} AS value, posted_date AS sort_day
  FROM scope ORDER BY posted_date DESC, post_id LIMIT ${sqlLimit(plan.limit, 50)}
)`
        : `ranked AS (
  SELECT ${POST_COLUMNS}, ${m} AS value
  FROM scope WHERE ${m} IS NOT NULL ORDER BY ${m} ${dir}, post_id LIMIT ${sqlLimit(plan.limit, 50)}
)`,
    ],
    plan.sort === 'recent'
      ? `SELECT r.* EXCLUDE (sort_day), s.* FROM stats s LEFT JOIN ranked r ON true ORDER BY r.sort_day DESC NULLS LAST, r.post_id`
      : `SELECT r.*, s.* FROM stats s LEFT JOIN ranked r ON true ORDER BY r.value ${dir} NULLS LAST, r.post_id`,
  );
  return { sql, window };
}

/** Accounts ranked by followers, posts on the profile, or engagement rate over their posts in the window. */
export function compileRankAccounts(plan: RankAccountsPlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  const key = plan.measure === 'engagement_rate' ? 'engagement_rate' : plan.measure;
  const sql = withCtes(
    [...accountCtes(plan.filters, window)],
    `SELECT handle, name, city, cuisine, followers, followers_text, posts_count, n_posts, n_missing, avg_likes,
       avg_engagement, round(engagement_rate, 2) AS engagement_rate, ${key} AS value,
       count(*) OVER () AS n_accounts, median(${key}) OVER () AS median_value,
       sum(n_posts) OVER () AS scope_posts
FROM candidates
WHERE ${key} IS NOT NULL${plan.measure === 'engagement_rate' ? ` AND n_posts >= ${Math.max(1, plan.filters.minPosts ?? 3)}` : ''}
ORDER BY ${key} ${dir}, handle LIMIT ${sqlLimit(plan.limit, 50)}`,
  );
  return { sql, window };
}

/**
 * Accounts in scope (`candidates`): profiles, or creators when a topic or account filter names them, with their
 * city, cuisine and post statistics in the window. An account is in a city by its profile city, else by its posts.
 */
function accountCtes(
  filters: Filters,
  window: ResolvedWindow,
  options: { readonly postCities?: readonly string[] } = {},
): string[] {
  // With the cities of the accounts known in advance (a peer set), only those cities' posts are aggregated.
  const narrowed = Boolean(options.postCities?.length) && !window.from && !window.to;
  const topicFree: Filters = { ...filters, topics: undefined, cities: narrowed ? options.postCities : undefined };
  const topicMatch = (filters.topics ?? []).map(
    (t) =>
      // An account is about a topic when its cuisine, name or bio says so, or one of its posts in the window does.
      `(${topicPredicateSql(t, ['a.cuisine', 'a.name', 'a.bio'])} OR a.handle IN (SELECT handle FROM scope WHERE ${topicPredicateSql(t)}))`,
  );
  const where = [
    ...(filters.cities?.length ? [`coalesce(a.city, ps.post_city) IN (${sqlStringList(filters.cities)})`] : []),
    ...(filters.creators?.length ? [`a.handle IN (${sqlStringList(filters.creators)})`] : []),
    ...topicMatch,
  ];
  return [
    ...scopeCtes(topicFree, window),
    narrowed
      ? `account_cuisine AS (SELECT handle, mode(cuisine) AS cuisine, mode(city) AS term_city, count(*) AS lake_posts FROM scope GROUP BY 1)`
      : ACCOUNT_CUISINE_CTE,
    ACCOUNTS_CTE,
    `post_stats AS (
  SELECT handle, count(*) AS n_posts, count(*) FILTER (WHERE likes IS NULL) AS n_missing, avg(likes) AS avg_likes,
         avg(comments) AS avg_comments, avg(engagement) AS avg_engagement, mode(city) AS post_city
  FROM scope GROUP BY handle
)`,
    `candidates AS (
  SELECT a.handle, a.name, coalesce(a.city, ps.post_city) AS city, a.cuisine, a.followers, a.followers_text,
         a.posts_count, a.bio, a.website, a.lake_posts, coalesce(ps.n_posts, 0) AS n_posts,
         coalesce(ps.n_missing, 0) AS n_missing, ps.avg_likes, ps.avg_comments, ps.avg_engagement,
         ps.avg_engagement * 100.0 / nullif(a.followers, 0) AS engagement_rate
  FROM accounts a LEFT JOIN post_stats ps ON ps.handle = a.handle
  WHERE (a.has_profile OR ps.n_posts > 0)${where.length ? `\n    AND ${where.join('\n    AND ')}` : ''}
)`,
  ];
}

/** A total, average or count over the scope; with `by`, one row per group ranked by value, plus the overall value. */
export function compileAggregate(plan: AggregatePlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  if (isAccountMeasure(plan.measure)) return { sql: accountAggregateSql(plan, window), window };
  const agg = aggregateSql(plan.aggregation, plan.measure);
  const missing = missingSql(plan.measure);
  const overall = `SELECT ${agg} AS overall_value, count(*) AS overall_posts, count(DISTINCT handle) AS overall_accounts,
         ${missing} AS overall_missing, sum(likes) AS overall_likes, sum(comments) AS overall_comments,
         CAST(min(posted_date) AS VARCHAR) AS first_day, CAST(max(posted_date) AS VARCHAR) AS last_day
  FROM scope`;
  if (!plan.by) {
    return {
      sql: withCtes([...scopeCtes(plan.filters, window), `overall AS (${overall})`], 'SELECT * FROM overall'),
      window,
    };
  }
  const byHashtag = plan.by === 'hashtag';
  const ctes = [...scopeCtes(plan.filters, window, { tags: byHashtag })];
  const source = byHashtag ? 'tagged' : 'scope';
  if (byHashtag) {
    const only = plan.filters.hashtags?.length ? ` WHERE tag IN (${sqlStringList(plan.filters.hashtags)})` : '';
    ctes.push(`tagged AS (SELECT * FROM (SELECT *, unnest(tags) AS tag FROM scope)${only})`);
  }
  const order = dimensionOrderSql(plan.by);
  const dir = plan.order === 'asc' ? 'ASC' : 'DESC';
  ctes.push(
    `grouped AS (
  SELECT ${dimensionKeySql(plan.by)} AS key, ${agg} AS value, count(*) AS n_posts, count(DISTINCT handle) AS n_accounts,
         ${missing} AS n_missing, sum(likes) AS total_likes, sum(comments) AS total_comments${order ? `, ${order} AS sort_key` : ''}
  FROM ${source} WHERE ${dimensionKeySql(plan.by)} IS NOT NULL
  GROUP BY 1 HAVING count(*) >= ${Math.max(1, plan.filters.minPosts ?? 1)}
)`,
    `overall AS (${overall})`,
  );
  const creatorColumns = plan.by === 'creator' ? ', pr.name, pr.city AS profile_city, pr.followers' : '';
  const creatorJoin = plan.by === 'creator' ? ' LEFT JOIN profiles pr ON pr.handle = g.key' : '';
  const share =
    plan.aggregation === 'sum' || plan.aggregation === 'count' || plan.measure === 'post_count'
      ? ', round(g.value * 100.0 / nullif(sum(g.value) OVER (), 0), 1) AS share_pct'
      : '';
  const sql = withCtes(
    ctes,
    `SELECT g.key, g.value, g.n_posts, g.n_accounts, g.n_missing, g.total_likes, g.total_comments${share}${creatorColumns},
       count(*) OVER () AS n_groups, o.*
FROM grouped g CROSS JOIN overall o${creatorJoin}
ORDER BY ${order ? `g.sort_key ${plan.order === 'asc' ? 'DESC' : 'ASC'}` : `g.value ${dir} NULLS LAST`}, g.key
LIMIT ${sqlLimit(plan.limit, 100)}`,
  );
  return { sql, window };
}

/** Aggregates of account attributes (total followers of a city's accounts, average followers per cuisine). */
function accountAggregateSql(plan: AggregatePlan, window: ResolvedWindow): string {
  const value = plan.measure;
  const agg =
    plan.aggregation === 'count'
      ? 'count(*)'
      : `${plan.aggregation === 'median' ? 'median' : plan.aggregation}(${value})`;
  const key = plan.by === 'city' ? 'city' : plan.by === 'cuisine' ? 'cuisine' : undefined;
  const overall = `SELECT ${agg} AS overall_value, count(*) AS overall_accounts, count(*) FILTER (WHERE ${value} IS NULL) AS overall_missing FROM candidates`;
  if (!key) return withCtes([...accountCtes(plan.filters, window), `overall AS (${overall})`], 'SELECT * FROM overall');
  return withCtes(
    [...accountCtes(plan.filters, window), `overall AS (${overall})`],
    `SELECT ${key} AS key, ${agg} AS value, count(*) AS n_accounts, count(*) FILTER (WHERE ${value} IS NULL) AS n_missing,
       count(*) OVER () AS n_groups, any_value(o.overall_value) AS overall_value, any_value(o.overall_accounts) AS overall_accounts
FROM candidates CROSS JOIN overall o WHERE ${key} IS NOT NULL
GROUP BY ${key} ORDER BY value ${plan.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, key LIMIT ${sqlLimit(plan.limit, 100)}`,
  );
}

/** The part of the scope that matches `part`: its count (or measure total) against the whole. */
export function compileShare(plan: SharePlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const part = partPredicates(plan.part);
  const predicate = part.length ? part.join(' AND ') : 'true';
  const needsTags = Boolean(plan.part.hashtags?.length);
  const value = plan.measure === 'post_count' || isAccountMeasure(plan.measure) ? '1' : postValue(plan.measure);
  const sql = withCtes(
    scopeCtes(plan.filters, window, { tags: needsTags }),
    `SELECT sum(${value}) FILTER (WHERE ${predicate}) AS part_value, sum(${value}) AS whole_value,
       count(*) FILTER (WHERE ${predicate}) AS part_posts, count(*) AS whole_posts,
       count(DISTINCT handle) FILTER (WHERE ${predicate}) AS part_accounts, count(DISTINCT handle) AS whole_accounts,
       round(sum(${value}) FILTER (WHERE ${predicate}) * 100.0 / nullif(sum(${value}), 0), 1) AS share_pct
FROM scope`,
  );
  return { sql, window };
}

/**
 * Growth per hashtag, cuisine or account: the measure in the window against the window before (same length, or
 * the plan's), ranked by the absolute increase, then by the current value.
 */
export function compileTrend(plan: TrendPlan, anchor: string): CompiledQuery {
  const current = resolveWindow(plan.filters.window, anchor);
  const previous = resolveWindow(plan.previous ?? previousWindow(plan.filters.window), anchor);
  if (!current.from || !previous.from || !current.to || !previous.to)
    throw new RangeError('A trend needs a bounded window (e.g. the last 7 days)');
  const span: ResolvedWindow = {
    from: previous.from < current.from ? previous.from : current.from,
    to: previous.to > current.to ? previous.to : current.to,
  };
  const inCurrent = `posted_date BETWEEN ${sqlDate(current.from)} AND ${sqlDate(current.to)}`;
  const inPrevious = `posted_date BETWEEN ${sqlDate(previous.from)} AND ${sqlDate(previous.to)}`;
  const value = plan.measure === 'post_count' ? '1' : plan.measure;
  const byTag = plan.dimension === 'hashtag';
  const key = byTag ? 'tag' : plan.dimension === 'cuisine' ? 'cuisine' : 'handle';
  const only = byTag && plan.filters.hashtags?.length ? ` AND tag IN (${sqlStringList(plan.filters.hashtags)})` : '';
  const ctes = [
    ...scopeCtes({ ...plan.filters, window: { kind: 'range', from: span.from!, to: span.to! } }, span, {
      tags: byTag,
    }),
    `periods AS (SELECT *, ${inCurrent} AS in_current FROM scope WHERE (${inCurrent}) OR (${inPrevious}))`,
    `keyed AS (SELECT *${byTag ? ', unnest(tags) AS tag' : ''} FROM periods)`,
    `stats AS (
  SELECT ${key} AS key, coalesce(sum(${value}) FILTER (WHERE in_current), 0) AS current_value,
         coalesce(sum(${value}) FILTER (WHERE NOT in_current), 0) AS previous_value,
         count(*) FILTER (WHERE in_current) AS current_posts, count(*) FILTER (WHERE NOT in_current) AS previous_posts,
         count(DISTINCT handle) FILTER (WHERE in_current) AS current_accounts,
         avg(engagement) FILTER (WHERE in_current) AS current_avg_engagement
  FROM keyed WHERE ${key} IS NOT NULL${only}
  GROUP BY 1 HAVING count(*) FILTER (WHERE ${plan.order === 'asc' ? 'NOT ' : ''}in_current) >= ${Math.max(1, plan.filters.minPosts ?? 2)}
)`,
    `totals AS (
  SELECT count(*) FILTER (WHERE in_current) AS window_posts, count(*) FILTER (WHERE NOT in_current) AS previous_window_posts,
         count(DISTINCT handle) FILTER (WHERE in_current) AS window_accounts
  FROM periods
)`,
  ];
  const names = plan.dimension === 'creator' ? ', pr.name' : '';
  const join = plan.dimension === 'creator' ? ' LEFT JOIN profiles pr ON pr.handle = s.key' : '';
  const sql = withCtes(
    ctes,
    `SELECT s.key, s.current_value, s.previous_value, s.current_value - s.previous_value AS growth,
       CASE WHEN s.previous_value = 0 THEN NULL ELSE round(100.0 * (s.current_value - s.previous_value) / s.previous_value, 1) END AS growth_pct,
       s.current_posts, s.previous_posts, s.current_accounts, round(s.current_avg_engagement, 1) AS current_avg_engagement${names}, t.*
FROM totals t LEFT JOIN stats s ON true${join}
ORDER BY growth ${plan.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, s.current_value DESC, s.key LIMIT ${sqlLimit(plan.limit, 50)}`,
  );
  return { sql, window: current, previousWindow: previous };
}

const ACCOUNT_METRICS = `handle, name, city, cuisine, followers, followers_text, posts_count, lake_posts, n_posts, n_missing,
       avg_likes, avg_comments, avg_engagement, round(engagement_rate, 2) AS engagement_rate`;

/** Side-by-side numbers for the named accounts (posts in the window, profile snapshot). */
export function compileCompareAccounts(plan: CompareAccountsPlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const filters: Filters = { window: plan.filters.window, creators: plan.handles };
  const sql = withCtes(
    accountCtes(filters, window),
    `SELECT ${ACCOUNT_METRICS} FROM candidates ORDER BY ${plan.measure === 'engagement_rate' ? 'engagement_rate' : `avg_${plan.measure}`} DESC NULLS LAST, handle`,
  );
  return { sql, window };
}

/**
 * An account and its peers: the accounts in the same city with the same cuisine (all of the city's accounts when
 * the account has no cuisine). The competitor average is the mean of the peers' own averages.
 */
export function compilePeers(plan: PeersPlan, anchor: string, cohort?: { readonly city?: string }): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const metric = plan.measure === 'engagement_rate' ? 'engagement_rate' : `avg_${plan.measure}`;
  const handle = sqlString(plan.handle);
  // When the account's city is known (the vocabulary knows it), only that city's posts are aggregated.
  const sql = withCtes(
    [
      ...accountCtes({ window: plan.filters.window }, window, cohort?.city ? { postCities: [cohort.city] } : {}),
      `target AS (SELECT handle, city, cuisine FROM candidates WHERE handle = ${handle})`,
      `peer_set AS (
  SELECT c.*, c.handle = ${handle} AS is_target
  FROM candidates c, target t
  WHERE c.city = t.city AND (t.cuisine IS NULL OR c.cuisine = t.cuisine)
)`,
      `competitors AS (
  SELECT count(*) AS n_competitors, avg(${metric}) AS competitor_avg, sum(n_posts) AS competitor_posts,
         sum(n_missing) AS competitor_missing
  FROM peer_set WHERE NOT is_target
)`,
    ],
    `SELECT ${ACCOUNT_METRICS}, p.is_target, c.*, ${metric} AS value
FROM peer_set p CROSS JOIN competitors c
ORDER BY p.is_target DESC, ${metric} DESC NULLS LAST, handle LIMIT 50`,
  );
  return { sql, window };
}

/** The profile row of an account with the lake's numbers about its posts and its top hashtags. */
export function compileProfile(plan: ProfilePlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const filters: Filters = { window: plan.filters.window, creators: [plan.handle] };
  const sql = withCtes(
    [
      ...accountCtes(filters, window),
      `post_tags AS (SELECT unnest(${postHashtagsSql('hashtags', 'caption')}) AS tag FROM scope)`,
      `top_tags AS (
  SELECT list(tag ORDER BY n DESC, tag)[1:5] AS top_hashtags FROM (SELECT tag, count(*) AS n FROM post_tags GROUP BY 1)
)`,
      `span AS (SELECT CAST(min(posted_date) AS VARCHAR) AS first_post, CAST(max(posted_date) AS VARCHAR) AS last_post FROM scope)`,
    ],
    `SELECT c.handle, c.name, c.city, c.cuisine, c.followers, c.followers_text, c.posts_count, c.lake_posts, c.n_posts,
       c.n_missing, c.avg_likes, c.avg_comments, c.avg_engagement, round(c.engagement_rate, 2) AS engagement_rate,
       c.bio, c.website, array_to_string(t.top_hashtags, ' ') AS top_hashtags, s.first_post, s.last_post
FROM candidates c CROSS JOIN top_tags t CROSS JOIN span s`,
  );
  return { sql, window };
}

/**
 * What lifts the measure inside the scope. For each hashtag: the average of the posts carrying it against the
 * others, and the same relative to each post's own account average (so a big account's tags do not win by size);
 * tags most of the scope carries describe the scope rather than drive it, and location tags (#chicagoeats) are
 * left out. For each weekday, and weekend against weekdays: the average and the lift over the rest.
 */
export function compileDrivers(plan: DriversPlan, anchor: string): CompiledQuery {
  const window = resolveWindow(plan.filters.window, anchor);
  const m = plan.measure;
  const minPosts = Math.max(3, plan.filters.minPosts ?? 3);
  const ctes = [
    ...scopeCtes(plan.filters, window, { tags: plan.factors.includes('hashtag') }),
    `measured AS (
  SELECT *, ${m} AS value, ${m} / nullif(avg(${m}) OVER (PARTITION BY handle), 0) AS relative
  FROM scope WHERE ${m} IS NOT NULL
)`,
    `overall AS (
  SELECT count(*) AS n_posts, count(DISTINCT handle) AS n_accounts, avg(value) AS avg_value, sum(value) AS sum_value,
         sum(relative) AS sum_relative, (SELECT count(*) FROM scope) - count(*) AS n_missing
  FROM measured
)`,
  ];
  const parts: string[] = [];
  if (plan.factors.includes('hashtag')) {
    ctes.push(
      `tag_stats AS (
  SELECT tag, count(*) AS n_with, count(DISTINCT handle) AS accounts_with, sum(value) AS sum_with, sum(relative) AS rel_with
  FROM (SELECT handle, value, relative, unnest(tags) AS tag FROM measured)
  WHERE NOT regexp_matches(tag, ${sqlString(`(${locationTagPattern()})`)})
  GROUP BY tag
)`,
      `tag_drivers AS (
  SELECT 'hashtag' AS factor, tag AS key, n_with, accounts_with, sum_with / n_with AS avg_with,
         (o.sum_value - sum_with) / (o.n_posts - n_with) AS avg_without,
         (rel_with / n_with) / nullif((o.sum_relative - rel_with) / (o.n_posts - n_with), 0) AS relative_lift
  FROM tag_stats, overall o
  WHERE n_with >= ${minPosts} AND n_with <= o.n_posts / 2
    AND accounts_with >= least(2, o.n_accounts)
)`,
    );
    parts.push(
      `SELECT factor, key, n_with, accounts_with, avg_with, avg_without, avg_with / nullif(avg_without, 0) AS lift, relative_lift, NULL::INTEGER AS sort_key
FROM tag_drivers ORDER BY relative_lift DESC NULLS LAST, key LIMIT 8`,
    );
  }
  if (plan.factors.includes('weekday')) {
    ctes.push(
      `day_stats AS (
  SELECT dayname(posted_date) AS key, any_value(isodow(posted_date)) AS sort_key, count(*) AS n_with,
         count(DISTINCT handle) AS accounts_with, sum(value) AS sum_with, sum(relative) AS rel_with,
         any_value(isodow(posted_date)) >= 6 AS weekend
  FROM measured GROUP BY 1
)`,
      `day_drivers AS (
  SELECT 'weekday' AS factor, key, n_with, accounts_with, sum_with / n_with AS avg_with,
         (o.sum_value - sum_with) / nullif(o.n_posts - n_with, 0) AS avg_without,
         (rel_with / n_with) / nullif((o.sum_relative - rel_with) / nullif(o.n_posts - n_with, 0), 0) AS relative_lift, sort_key
  FROM day_stats, overall o
  UNION ALL
  SELECT 'daytype', CASE WHEN weekend THEN 'weekend' ELSE 'weekday' END, sum(n_with), NULL, sum(sum_with) / sum(n_with),
         (any_value(o.sum_value) - sum(sum_with)) / nullif(any_value(o.n_posts) - sum(n_with), 0),
         (sum(rel_with) / sum(n_with)) / nullif((any_value(o.sum_relative) - sum(rel_with)) / nullif(any_value(o.n_posts) - sum(n_with), 0), 0),
         CASE WHEN weekend THEN 8 ELSE 9 END
  FROM day_stats, overall o GROUP BY weekend
)`,
    );
    parts.push(
      `SELECT factor, key, n_with, accounts_with, avg_with, avg_without, avg_with / nullif(avg_without, 0) AS lift, relative_lift, sort_key FROM day_drivers`,
    );
  }
  const union = parts.map((p) => `(${p})`).join('\nUNION ALL\n');
  const sql = withCtes(
    ctes,
    `SELECT d.factor, d.key, d.n_with, d.accounts_with, round(d.avg_with, 1) AS avg_with, round(d.avg_without, 1) AS avg_without,
       round(d.lift, 2) AS lift, round(d.relative_lift, 2) AS relative_lift, o.n_posts, o.n_accounts, round(o.avg_value, 1) AS avg_value, o.n_missing
FROM overall o LEFT JOIN (${union}) d ON true
ORDER BY d.factor, CASE WHEN d.factor = 'hashtag' THEN -d.relative_lift ELSE d.sort_key END, d.key`,
  );
  return { sql, window };
}

/**
 * Numbers for posts a knowledge search found (the index never supplies them), with the baseline of the plan's
 * scope (all posts when it has no filters): average and 90th percentile of engagement.
 */
export function compilePostLookup(postIds: readonly string[], filters: Filters, anchor: string): CompiledQuery {
  const window = resolveWindow(filters.window, anchor);
  const inWindow = [
    ...(window.from ? [`posted_date >= ${sqlDate(window.from)}`] : []),
    ...(window.to ? [`posted_date <= ${sqlDate(window.to)}`] : []),
  ];
  const sql = withCtes(
    [
      // Found posts show whatever their date; the baseline is the plan's scope (window included).
      ...scopeCtes({ ...filters, window: { kind: 'all' }, postIds: undefined, creators: undefined }, {}),
      `baseline AS (
  SELECT avg(engagement) AS base_avg, quantile_cont(engagement, 0.9) AS base_p90, count(*) AS base_posts
  FROM scope${inWindow.length ? ` WHERE ${inWindow.join(' AND ')}` : ''}
)`,
      `found AS (SELECT ${POST_COLUMNS} FROM facts WHERE post_id IN (${sqlStringList(postIds)}))`,
    ],
    `SELECT f.*, b.* FROM baseline b LEFT JOIN found f ON true ORDER BY f.post_id`,
  );
  return { sql, window };
}

/** Latest posted_date and load time: the data's freshness and the anchor of rolling windows. */
export const FRESHNESS_SQL = `SELECT CAST(max(posted_date) AS VARCHAR) AS latest_posted_date, CAST(max(ingested_at) AS VARCHAR) AS loaded_at, count(*) AS posts FROM posts`;

export { PROFILES_CTE, TERMS_CTE };
