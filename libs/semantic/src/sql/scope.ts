import { PROFILE_CITY_AGGREGATE_SQL } from '@instalake/lake-schema';
import { searchTermCuisineSql } from '../model/cuisine';
import { engagementRateSql, engagementSql, handleKeySql, postHashtagsSql } from '../model/measures';
import { topicPredicateSql } from '../model/topic';
import type { Filters } from '../plan/plan';
import { type ResolvedWindow } from '../plan/window';
import { sqlDate, sqlString, sqlStringList } from './literals';

/**
 * One profile per account key: restaurants can list a handle more than once (several locations or scrapes); the
 * row with the most followers speaks for it.
 */
export const PROFILES_CTE = `profiles AS (
  SELECT ${handleKeySql('instagram_handle')} AS handle,
         arg_max(restaurant_name, coalesce(followers_count, -1)) AS name,
         ${PROFILE_CITY_AGGREGATE_SQL} AS city,
         max(followers_count) AS followers,
         arg_max(followers, coalesce(followers_count, -1)) AS followers_text,
         arg_max(posts_count, coalesce(followers_count, -1)) AS posts_count,
         arg_max(bio, coalesce(followers_count, -1)) AS bio,
         arg_max(website, coalesce(followers_count, -1)) AS website
  FROM restaurants
  WHERE nullif(${handleKeySql('instagram_handle')}, '') IS NOT NULL
  GROUP BY 1
)`;

/** Cuisine of each distinct search term (few distinct values, so the regular expressions run rarely). */
export const TERMS_CTE = `terms AS (
  SELECT search_term, ${searchTermCuisineSql('search_term')} AS cuisine
  FROM (SELECT DISTINCT search_term FROM posts WHERE search_term IS NOT NULL)
)`;

/**
 * An account's cuisine and search-term city: the most frequent of the search terms that found its posts (the city
 * counts only for creators without a profile, as for their posts).
 */
export const ACCOUNT_CUISINE_CTE = `account_cuisine AS (
  SELECT ${handleKeySql('p.creator')} AS handle, mode(t.cuisine) AS cuisine, mode(p.canonical_city) AS term_city, count(*) AS lake_posts
  FROM posts p LEFT JOIN terms t ON t.search_term = p.search_term
  GROUP BY 1
)`;

/** Every account the lake knows: profiles, plus creators of posts who have none. */
export const ACCOUNTS_CTE = `accounts AS (
  SELECT coalesce(pr.handle, ac.handle) AS handle, pr.name, pr.city AS profile_city,
         coalesce(pr.city, ac.term_city) AS city, pr.followers, pr.followers_text,
         pr.posts_count, pr.bio, pr.website, ac.cuisine, coalesce(ac.lake_posts, 0) AS lake_posts,
         pr.handle IS NOT NULL AS has_profile
  FROM profiles pr FULL OUTER JOIN account_cuisine ac ON ac.handle = pr.handle
)`;

export interface ScopeOptions {
  /** Compute the hashtag list per post (`tags`): hashtag filters, groups and drivers need it. */
  readonly tags?: boolean;
  /** Ignore these filters (their columns are compared later, e.g. a share's part). */
  readonly skip?: readonly (keyof Filters)[];
}

/**
 * The CTEs every post question starts from: `profiles`, `terms`, then `scope`, the posts that pass the filters,
 * one row per post with its account key, engagement, canonical city, cuisine and (optionally) hashtags.
 * Window, account and post-id filters apply to the posts table first, so joins see only those rows.
 */
export function scopeCtes(filters: Filters, window: ResolvedWindow, options: ScopeOptions = {}): string[] {
  const skip = new Set(options.skip ?? []);
  const early: string[] = [];
  if (window.from) early.push(`p.posted_date >= ${sqlDate(window.from)}`);
  if (window.to) early.push(`p.posted_date <= ${sqlDate(window.to)}`);
  if (filters.creators?.length && !skip.has('creators'))
    early.push(`${handleKeySql('p.creator')} IN (${sqlStringList(filters.creators)})`);
  if (filters.postIds && !skip.has('postIds')) early.push(`p.post_id IN (${sqlStringList(filters.postIds)})`);
  const late = scopePredicates(filters, skip);
  const tags = options.tags || (filters.hashtags?.length && !skip.has('hashtags'));
  return [
    PROFILES_CTE,
    TERMS_CTE,
    `facts AS (
  SELECT p.post_id, p.creator, ${handleKeySql('p.creator')} AS handle, pr.name, p.posted_date, p.likes, p.comments,
         ${engagementSql('p.likes', 'p.comments')} AS engagement, pr.followers,
         ${engagementRateSql(engagementSql('p.likes', 'p.comments'), 'pr.followers')} AS engagement_rate,
         coalesce(pr.city, p.canonical_city) AS city, t.cuisine, p.post_url, p.caption, p.image_description, p.hashtags, p.search_term${
           tags ? `,\n         ${postHashtagsSql('p.hashtags', 'p.caption')} AS tags` : ''
         }
  FROM posts p
  LEFT JOIN profiles pr ON pr.handle = ${handleKeySql('p.creator')}
  LEFT JOIN terms t ON t.search_term = p.search_term${early.length ? `\n  WHERE ${early.join('\n    AND ')}` : ''}
)`,
    `scope AS (SELECT * FROM facts${late.length ? ` WHERE ${late.join('\n    AND ')}` : ''})`,
  ];
}

/** Predicates over `facts`/`scope` columns for the city, topic and hashtag filters. */
export function scopePredicates(
  filters: Pick<Filters, 'cities' | 'topics' | 'hashtags' | 'creators'>,
  skip: ReadonlySet<keyof Filters> = new Set(),
): string[] {
  const out: string[] = [];
  if (filters.cities?.length && !skip.has('cities')) out.push(`city IN (${sqlStringList(filters.cities)})`);
  if (!skip.has('topics')) for (const topic of filters.topics ?? []) out.push(topicPredicateSql(topic));
  if (filters.hashtags?.length && !skip.has('hashtags'))
    out.push(`list_has_all(tags, [${filters.hashtags.map(sqlString).join(', ')}])`);
  return out;
}

/** The predicates of a share's part, over scope columns (creators included: they are not applied early there). */
export function partPredicates(part: Pick<Filters, 'cities' | 'topics' | 'hashtags' | 'creators'>): string[] {
  const out = scopePredicates(part);
  if (part.creators?.length) out.push(`handle IN (${sqlStringList(part.creators)})`);
  return out;
}
