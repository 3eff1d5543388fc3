import { handleKeySql, postHashtagsSql } from '../model/measures';
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

/** The values questions are linked to: what the lake actually holds (read with readVocabulary). */
export interface LakeVocabulary {
  readonly accounts: readonly VocabularyAccount[];
  readonly cities: readonly { readonly name: string; readonly posts: number }[];
  readonly hashtags: readonly { readonly tag: string; readonly posts: number }[];
  readonly cuisines: readonly { readonly name: string; readonly posts: number }[];
}

export const EMPTY_VOCABULARY: LakeVocabulary = { accounts: [], cities: [], hashtags: [], cuisines: [] };

/** At most this many hashtags (the most used) and accounts are linkable by name. */
export const VOCABULARY_MAX_HASHTAGS = 20_000;
export const VOCABULARY_MAX_ACCOUNTS = 50_000;

export type VocabularyPart = 'accounts' | 'cities' | 'hashtags' | 'cuisines';

/** Entries per page: each page is one row well under the guard's answer size budget. */
export const VOCABULARY_PAGE_SIZE: Readonly<Record<VocabularyPart, number>> = {
  accounts: 1000,
  cities: 2000,
  hashtags: 2000,
  cuisines: 2000,
};

const POST_CITY_CTE = `post_city AS (
  SELECT coalesce(pr.city, p.canonical_city) AS city
  FROM posts p LEFT JOIN profiles pr ON pr.handle = ${handleKeySql('p.creator')}
)`;

const PARTS: Readonly<Record<VocabularyPart, { ctes: string[]; entries: string; order: string }>> = {
  accounts: {
    ctes: [PROFILES_CTE, TERMS_CTE, ACCOUNT_CUISINE_CTE, ACCOUNTS_CTE],
    entries: `SELECT {'handle': handle, 'name': name, 'city': city, 'cuisine': cuisine, 'posts': lake_posts,
                      'followers': followers} AS entry, handle AS sort_key
              FROM accounts WHERE handle IS NOT NULL ORDER BY handle LIMIT ${VOCABULARY_MAX_ACCOUNTS}`,
    order: 'sort_key',
  },
  cities: {
    ctes: [PROFILES_CTE, POST_CITY_CTE],
    entries: `SELECT {'name': city, 'posts': n} AS entry, n AS sort_n, city AS sort_key
              FROM (SELECT city, count(*) AS n FROM post_city WHERE city IS NOT NULL GROUP BY 1)`,
    order: 'sort_n DESC, sort_key',
  },
  hashtags: {
    ctes: [],
    entries: `SELECT {'tag': tag, 'posts': n} AS entry, n AS sort_n, tag AS sort_key
              FROM (SELECT tag, count(*) AS n FROM (SELECT unnest(${postHashtagsSql('hashtags', 'caption')}) AS tag FROM posts)
                    GROUP BY tag HAVING count(*) >= 2 ORDER BY n DESC, tag LIMIT ${VOCABULARY_MAX_HASHTAGS})`,
    order: 'sort_n DESC, sort_key',
  },
  cuisines: {
    ctes: [TERMS_CTE],
    entries: `SELECT {'name': t.cuisine, 'posts': count(*)} AS entry, count(*) AS sort_n, t.cuisine AS sort_key
              FROM posts p JOIN terms t ON t.search_term = p.search_term WHERE t.cuisine IS NOT NULL GROUP BY t.cuisine`,
    order: 'sort_n DESC, sort_key',
  },
};

/**
 * One page of one part of the vocabulary as a single row: `items` (a JSON list) and `total`. Paged so no answer of
 * the guarded SQL tool comes near its size budget, whatever the size of the lake.
 */
export function vocabularyPageSql(part: VocabularyPart, page: number): string {
  const spec = PARTS[part];
  const size = VOCABULARY_PAGE_SIZE[part];
  const offset = Math.max(0, Math.trunc(page)) * size;
  const ctes = [
    ...spec.ctes,
    `entries AS (${spec.entries})`,
    `numbered AS (SELECT entry, row_number() OVER (ORDER BY ${spec.order}) AS i FROM entries)`,
  ];
  return `WITH ${ctes.join(',\n')}
SELECT count(*) AS total,
       to_json(list(entry ORDER BY i) FILTER (WHERE i > ${offset} AND i <= ${offset + size})) AS items
FROM numbered`;
}

/** Runs the pages of every part through `run` (the guarded SQL tool) and assembles the vocabulary. */
export async function readVocabulary(
  run: (sql: string) => Promise<Readonly<Record<string, Cell>> | undefined>,
): Promise<LakeVocabulary> {
  const readPart = async (part: VocabularyPart) => {
    const first = await run(vocabularyPageSql(part, 0));
    const pages = Math.ceil(Number(first?.total ?? 0) / VOCABULARY_PAGE_SIZE[part]);
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, pages - 1) }, (_, i) => run(vocabularyPageSql(part, i + 1))),
    );
    return [first, ...rest].flatMap((row) => parseList(row?.items));
  };
  const [accounts, cities, hashtags, cuisines] = await Promise.all(
    (['accounts', 'cities', 'hashtags', 'cuisines'] as const).map(readPart),
  );
  return vocabularyFromLists({ accounts, cities, hashtags, cuisines });
}

type Cell = string | number | boolean | null | undefined;

function parseList(value: Cell): Record<string, unknown>[] {
  if (value === null || value === undefined || value === '') return [];
  let parsed: unknown = value;
  try {
    if (typeof value === 'string') parsed = JSON.parse(value);
  } catch {
    return []; // a page cut short is skipped: names it held stay unlinked, every other question still works
  }
  return Array.isArray(parsed) ? (parsed.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Number(v));

/** The vocabulary from the parts' entries (as JSON lists read them). */
export function vocabularyFromLists(
  parts: Readonly<Record<VocabularyPart, readonly Record<string, unknown>[]>>,
): LakeVocabulary {
  return {
    accounts: parts.accounts.map((a) => ({
      handle: String(a.handle),
      ...(str(a.name) ? { name: str(a.name) } : {}),
      ...(str(a.city) ? { city: str(a.city) } : {}),
      ...(str(a.cuisine) ? { cuisine: str(a.cuisine) } : {}),
      posts: num(a.posts) ?? 0,
      ...(num(a.followers) !== undefined ? { followers: num(a.followers) } : {}),
    })),
    cities: parts.cities.map((c) => ({ name: String(c.name), posts: num(c.posts) ?? 0 })),
    hashtags: parts.hashtags.map((h) => ({ tag: String(h.tag), posts: num(h.posts) ?? 0 })),
    cuisines: parts.cuisines.map((c) => ({ name: String(c.name), posts: num(c.posts) ?? 0 })),
  };
}
