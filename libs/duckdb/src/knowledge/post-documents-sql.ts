import { LAKE_NAMESPACE, maskPhonesInTextSql } from '@instalake/lake-schema';
import { CITY_ALIASES, normaliseCityText } from '@instalake/trends';
import { LAKE_ALIAS } from '../catalogs/lake-catalog';
import { quoteLiteral } from '../sql/sql-text';

const posts = `${LAKE_ALIAS}.${LAKE_NAMESPACE}.posts`;
const restaurants = `${LAKE_ALIAS}.${LAKE_NAMESPACE}.restaurants`;

/** Same folding as normaliseCityText in trends: lower-case, runs of non-letters/digits -> one space. */
const cityKey = (expr: string) => `trim(regexp_replace(lower(${expr}), '[^\\p{L}\\p{N}]+', ' ', 'g'))`;
/** Title case of a folded key, as canonicalCity (knowledge) does for cities missing from the alias table. */
const titleCase = (expr: string) =>
  `array_to_string(list_transform(string_split(${expr}, ' '), w -> upper(w[1]) || w[2:]), ' ')`;
const handleKey = (expr: string) => `lower(ltrim(trim(${expr}), '@'))`;

/** The trends alias table (every alias and the name itself) as a temp table; values are our own constants. */
export function cityAliasesTableSql(): string {
  const pairs = new Map<string, string>();
  for (const city of CITY_ALIASES)
    for (const alias of [normaliseCityText(city.name), ...city.aliases]) pairs.set(alias, city.name);
  const rows = [...pairs].map(([alias, city]) => `(${quoteLiteral(alias)}, ${quoteLiteral(city)})`).join(',\n  ');
  return `CREATE OR REPLACE TEMP TABLE kb_city_aliases AS SELECT * FROM (VALUES\n  ${rows}\n) AS t(alias, city)`;
}

/**
 * Every post once (latest load wins per post_id), city resolved as the trends queries do: the creator's
 * restaurant profile (instagram_handle, ignoring "@" and case), else the longest city alias named in the
 * search term. Phone-like numbers in free text are masked here, before anything leaves the lake layer.
 * `fingerprint` is the md5 of every field a document is rendered from: the content hash.
 */
export function currentPostsTableSql(): string {
  return `CREATE OR REPLACE TEMP TABLE kb_current AS
WITH latest AS (
  SELECT * FROM ${posts}
  QUALIFY row_number() OVER (PARTITION BY post_id ORDER BY ingested_at DESC NULLS LAST, creator) = 1
),
profiles AS (
  SELECT ${handleKey('r.instagram_handle')} AS handle, coalesce(a.city, ${titleCase(cityKey('r.city'))}) AS city
  FROM ${restaurants} r
  LEFT JOIN kb_city_aliases a ON a.alias = ${cityKey('r.city')}
  WHERE nullif(trim(r.instagram_handle), '') IS NOT NULL AND ${cityKey('r.city')} <> ''
  QUALIFY row_number() OVER (PARTITION BY ${handleKey('r.instagram_handle')} ORDER BY r.ingested_at DESC NULLS LAST, r.city) = 1
),
terms AS (
  SELECT t.term, arg_max(a.city, length(a.alias)) AS city
  FROM (SELECT DISTINCT search_term AS term FROM latest WHERE search_term IS NOT NULL) t
  JOIN kb_city_aliases a ON contains(' ' || ${cityKey('t.term')} || ' ', ' ' || a.alias || ' ')
  GROUP BY t.term
),
resolved AS (
  SELECT p.post_id, p.creator, ${maskPhonesInTextSql('p.search_term')} AS search_term, strftime(p.posted_date, '%Y-%m-%d') AS posted_date,
         p.likes, p.comments, ${maskPhonesInTextSql('p.hashtags')} AS hashtags, ${maskPhonesInTextSql('p.caption')} AS caption,
         ${maskPhonesInTextSql('p.image_description')} AS image_description, p.post_url,
         coalesce(pr.city, t.city) AS city
  FROM latest p
  LEFT JOIN profiles pr ON pr.handle = ${handleKey('p.creator')}
  LEFT JOIN terms t ON t.term = p.search_term
)
SELECT *, md5(to_json({
  'post_id': post_id, 'creator': creator, 'search_term': search_term, 'posted_date': posted_date,
  'likes': likes, 'comments': comments, 'hashtags': hashtags, 'caption': caption,
  'image_description': image_description, 'post_url': post_url, 'city': city
})::VARCHAR) AS fingerprint
FROM resolved`;
}

export const MANIFEST_TABLE_SQL = `CREATE OR REPLACE TEMP TABLE kb_manifest (post_id VARCHAR, hash VARCHAR)`;

/** Posts whose hash is not in the manifest (new) or differs (changed). */
export const TO_WRITE_TABLE_SQL = `CREATE OR REPLACE TEMP TABLE kb_to_write AS
SELECT c.*, m.post_id IS NULL AS is_new
FROM kb_current c LEFT JOIN kb_manifest m ON m.post_id = c.post_id
WHERE m.hash IS DISTINCT FROM c.fingerprint`;

export const PLAN_COUNTS_SQL = `SELECT count(*) FILTER (WHERE is_new)::INTEGER AS added, count(*) FILTER (WHERE NOT is_new)::INTEGER AS changed FROM kb_to_write`;
export const REMOVED_SQL = `SELECT m.post_id FROM kb_manifest m ANTI JOIN kb_current c ON c.post_id = m.post_id ORDER BY m.post_id`;
export const NEXT_MANIFEST_SQL = `SELECT post_id, fingerprint FROM kb_current ORDER BY post_id`;
export const POSTS_TO_WRITE_SQL = `SELECT post_id, creator, search_term, posted_date, likes, comments, hashtags, caption,
  image_description, post_url, city, fingerprint FROM kb_to_write ORDER BY post_id`;
