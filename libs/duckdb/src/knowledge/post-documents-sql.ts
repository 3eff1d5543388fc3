import { LAKE_NAMESPACE, maskPhonesInTextSql, postCitySql } from '@instalake/lake-schema';
import { LAKE_ALIAS } from '../catalogs/lake-catalog';

const posts = `${LAKE_ALIAS}.${LAKE_NAMESPACE}.posts`;
const restaurants = `${LAKE_ALIAS}.${LAKE_NAMESPACE}.restaurants`;

/**
 * Every post once (latest load wins per post_id), with its city from lake-schema's post city rule (postCitySql:
 * the creator's restaurant profile city, else the city its search term names). Phone-like numbers in free text
 * are masked here, before anything leaves the lake layer. `fingerprint` is the md5 of every field a document is
 * rendered from: the content hash.
 */
export function currentPostsTableSql(): string {
  return `CREATE OR REPLACE TEMP TABLE kb_current AS
WITH latest AS (
  SELECT * FROM ${posts}
  QUALIFY row_number() OVER (PARTITION BY post_id ORDER BY ingested_at DESC NULLS LAST, creator) = 1
),
located AS (
  ${postCitySql('latest', restaurants)}
),
resolved AS (
  SELECT p.post_id, p.creator, ${maskPhonesInTextSql('p.search_term')} AS search_term, strftime(p.posted_date, '%Y-%m-%d') AS posted_date,
         p.likes, p.comments, ${maskPhonesInTextSql('p.hashtags')} AS hashtags, ${maskPhonesInTextSql('p.caption')} AS caption,
         ${maskPhonesInTextSql('p.image_description')} AS image_description, p.post_url, p.city
  FROM located p
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
