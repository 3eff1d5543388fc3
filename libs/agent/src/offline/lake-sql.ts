import type { City } from './cities';

/**
 * SQL the offline agent sends to the guarded SQL tool. User text only ever enters as an escaped literal
 * (and the guard still parses the whole statement); topic words and handles are also restricted to safe
 * character sets before they get here.
 */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function sqlDate(isoDay: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDay)) throw new Error(`Not a YYYY-MM-DD date: ${isoDay}`);
  return `DATE ${sqlString(isoDay)}`;
}

/** Engagement as every answer defines it: likes + comments (NULL when likes are hidden). */
export const ENGAGEMENT = `p.likes + coalesce(p.comments, 0)`;

/** One profile per handle (restaurants can list a handle twice): city and follower snapshot. */
export const PROFILES_CTE = profilesCte();

/**
 * The profiles CTE; with a city it also decides, once per profile (thousands of rows) instead of once per post
 * (millions), whether the profile city is that city (`in_city`).
 */
export function profilesCte(city?: City): string {
  const inCity = city
    ? `,\n         lower(ltrim(rtrim(min(city)))) IN (${city.aliases.map(sqlString).join(', ')}) AS in_city`
    : '';
  return `profiles AS (
  SELECT lower(ltrim(rtrim(instagram_handle), ' @')) AS handle, min(city) AS city, max(followers_count) AS followers${inCity}
  FROM restaurants WHERE instagram_handle IS NOT NULL AND ltrim(rtrim(instagram_handle)) <> '' GROUP BY 1
)`;
}

export function regexAlternatives(words: readonly string[]): string {
  return words.map((w) => w.replace(/[^a-z0-9 ]/g, (c) => `\\${c}`)).join('|');
}

/**
 * A post is in a city through its creator's profile city or, without a profile city, a city named in its search
 * term. `f` must come from `profilesCte(city)` (it carries `in_city`).
 */
export function cityPredicate(city: City): string {
  return `(f.in_city OR (f.city IS NULL AND regexp_matches(lower(coalesce(p.search_term, '')), ${sqlString(
    `(^|[^a-z])(${regexAlternatives(city.aliases)})($|[^a-z])`,
  )})))`;
}

export interface PostScope {
  readonly city?: City;
  readonly from?: string;
  readonly to?: string;
  /** A topic word that must appear in caption, hashtags, search term or image description. */
  readonly topic?: string;
}

/** CTE `scoped` with the posts in scope, their profile city, followers and engagement. */
export function scopedPostsCte(scope: PostScope): string {
  const where: string[] = [];
  if (scope.city) where.push(cityPredicate(scope.city));
  if (scope.from) where.push(`p.posted_date >= ${sqlDate(scope.from)}`);
  if (scope.to) where.push(`p.posted_date <= ${sqlDate(scope.to)}`);
  if (scope.topic) where.push(topicPredicate(scope.topic));
  return `${profilesCte(scope.city)},
scoped AS (
  SELECT p.post_id, p.creator, lower(ltrim(rtrim(p.creator), ' @')) AS handle, p.posted_date, p.likes, p.comments,
         ${ENGAGEMENT} AS engagement, p.post_url, p.caption, p.image_description, p.hashtags, p.search_term,
         f.city AS profile_city, f.followers
  FROM posts p LEFT JOIN profiles f ON f.handle = lower(ltrim(rtrim(p.creator), ' @'))
  ${where.length ? `WHERE ${where.join('\n    AND ')}` : ''}
)`;
}

export function topicPredicate(topic: string): string {
  const word = topic
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim();
  if (!word) throw new Error('empty topic');
  return textMatchSql(
    ['p.caption', 'p.hashtags', 'p.search_term', 'p.image_description'],
    word.split(' ')[0],
    `(^|[^a-z0-9])${word.replace(/ +/g, '[ _-]?')}`,
  );
}

/**
 * True when the lower-cased text columns, joined by spaces, match `pattern`. A plain substring test for `needle`
 * (a literal every match contains) on each column runs first, so the regular expression only sees candidate rows:
 * most posts of a lake never mention a given word, and the regex over joined text was most of a topic query.
 */
export function textMatchSql(columns: readonly string[], needle: string, pattern: string): string {
  const candidates = columns.map((c) => `contains(lower(${c}), ${sqlString(needle)})`).join(' OR ');
  return `((${candidates}) AND regexp_matches(lower(concat_ws(' ', ${columns.join(', ')})), ${sqlString(pattern)}))`;
}

/** Latest posted_date and load time: the data's freshness and the default "as of" day. */
export const FRESHNESS_SQL = `SELECT CAST(max(posted_date) AS VARCHAR) AS latest_posted_date, CAST(max(ingested_at) AS VARCHAR) AS loaded_at, count(*) AS posts FROM posts`;
