import { postHashtagsSql } from '../model/measures';
import { ACCOUNT_CUISINE_CTE, ACCOUNTS_CTE, PROFILES_CTE, TERMS_CTE } from '../sql/scope';

/** An account the lake knows: its handle key, and the name, city and cuisine the lake gives it. */
export interface VocabularyAccount {
  readonly handle: string;
  readonly name?: string;
  readonly city?: string;
  readonly cuisine?: string;
  readonly posts: number;
  readonly followers?: number;
}

/** The values questions are linked to: what the lake actually holds (read with VOCABULARY_SQL). */
export interface LakeVocabulary {
  readonly accounts: readonly VocabularyAccount[];
  readonly cities: readonly { readonly name: string; readonly posts: number }[];
  readonly hashtags: readonly { readonly tag: string; readonly posts: number }[];
  readonly cuisines: readonly { readonly name: string; readonly posts: number }[];
}

export const EMPTY_VOCABULARY: LakeVocabulary = { accounts: [], cities: [], hashtags: [], cuisines: [] };

/** At most this many hashtags (the most used) are linkable by name. */
export const VOCABULARY_MAX_HASHTAGS = 20_000;

/**
 * One row: the accounts (profiles and creators), the cities posts belong to, the cuisines of the search terms and
 * the hashtags used at least twice. Aggregated into lists so the guard's row cap does not cut it.
 */
export const VOCABULARY_SQL = `WITH ${PROFILES_CTE},
${TERMS_CTE},
${ACCOUNT_CUISINE_CTE},
${ACCOUNTS_CTE},
post_city AS (
  SELECT lower(ltrim(trim(p.creator), '@')) AS handle, coalesce(pr.city, t.city) AS city
  FROM posts p LEFT JOIN profiles pr ON pr.handle = lower(ltrim(trim(p.creator), '@'))
  LEFT JOIN terms t ON t.search_term = p.search_term
),
tag_counts AS (
  SELECT tag, count(*) AS n FROM (SELECT unnest(${postHashtagsSql('hashtags', 'caption')}) AS tag FROM posts)
  GROUP BY tag HAVING count(*) >= 2 ORDER BY n DESC, tag LIMIT ${VOCABULARY_MAX_HASHTAGS}
)
SELECT
  (SELECT to_json(list({'handle': a.handle, 'name': a.name, 'city': coalesce(a.profile_city, c.city), 'cuisine': a.cuisine,
                        'posts': a.lake_posts, 'followers': a.followers} ORDER BY a.handle))
   FROM accounts a LEFT JOIN (SELECT handle, mode(city) AS city FROM post_city GROUP BY 1) c ON c.handle = a.handle
   WHERE a.handle IS NOT NULL) AS accounts,
  (SELECT to_json(list({'name': city, 'posts': n} ORDER BY n DESC, city))
   FROM (SELECT city, count(*) AS n FROM post_city WHERE city IS NOT NULL GROUP BY 1)) AS cities,
  (SELECT to_json(list({'tag': tag, 'posts': n} ORDER BY n DESC, tag)) FROM tag_counts) AS hashtags,
  (SELECT to_json(list({'name': cuisine, 'posts': n} ORDER BY n DESC, cuisine))
   FROM (SELECT t.cuisine, count(*) AS n FROM posts p JOIN terms t ON t.search_term = p.search_term
         WHERE t.cuisine IS NOT NULL GROUP BY 1)) AS cuisines`;

type Cell = string | number | boolean | null | undefined;

function parseList(value: Cell): Record<string, unknown>[] {
  if (value === null || value === undefined || value === '') return [];
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? (parsed.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Number(v));

/** Reads the VOCABULARY_SQL row (JSON list cells) into a vocabulary. */
export function vocabularyFromRow(row: Readonly<Record<string, Cell>> | undefined): LakeVocabulary {
  if (!row) return EMPTY_VOCABULARY;
  return {
    accounts: parseList(row.accounts).map((a) => ({
      handle: String(a.handle),
      ...(str(a.name) ? { name: str(a.name) } : {}),
      ...(str(a.city) ? { city: str(a.city) } : {}),
      ...(str(a.cuisine) ? { cuisine: str(a.cuisine) } : {}),
      posts: num(a.posts) ?? 0,
      ...(num(a.followers) !== undefined ? { followers: num(a.followers) } : {}),
    })),
    cities: parseList(row.cities).map((c) => ({ name: String(c.name), posts: num(c.posts) ?? 0 })),
    hashtags: parseList(row.hashtags).map((h) => ({ tag: String(h.tag), posts: num(h.posts) ?? 0 })),
    cuisines: parseList(row.cuisines).map((c) => ({ name: String(c.name), posts: num(c.posts) ?? 0 })),
  };
}
