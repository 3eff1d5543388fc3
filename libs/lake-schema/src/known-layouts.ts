import type { FileTableName } from './tables';

/**
 * The exports of scrapers people actually use, described by the fields that identify them (normalised, see
 * normaliseHeaderName). They need no mapping: the table's column aliases read them. They name what a file was read
 * as, and which layout an unknown file is closest to.
 */
export interface KnownLayout {
  readonly id: string;
  readonly title: string;
  readonly table: FileTableName;
  readonly formats: readonly ('csv' | 'json')[];
  /** Fields the layout writes that tell it apart (normalised). */
  readonly signature: readonly string[];
}

export const KNOWN_LAYOUTS: readonly KnownLayout[] = [
  {
    id: 'seed-posts',
    title: 'seed scraper posts (post_results*.csv)',
    table: 'posts',
    formats: ['csv'],
    signature: [
      'search_term',
      'post_id',
      'creator',
      'posted_date',
      'likes',
      'comments',
      'hashtags',
      'caption',
      'image_description',
      'post_url',
      'status',
    ],
  },
  {
    id: 'seed-restaurants',
    title: 'seed scraper restaurant profiles (instagram_results*.csv, with or without zip_code and phone)',
    table: 'restaurants',
    formats: ['csv'],
    signature: ['restaurant_name', 'city', 'instagram_handle', 'followers', 'posts', 'bio', 'website', 'status'],
  },
  {
    id: 'apify-instagram-scraper',
    title: 'Apify instagram-scraper export (CSV or JSON)',
    table: 'posts',
    formats: ['csv', 'json'],
    signature: [
      'id',
      'short_code',
      'url',
      'type',
      'caption',
      'hashtags',
      'mentions',
      'comments_count',
      'likes_count',
      'timestamp',
      'owner_username',
      'owner_full_name',
      'owner_id',
      'alt',
      'location_name',
      'video_view_count',
      'product_type',
      'display_url',
    ],
  },
  {
    id: 'apify-hashtag-scraper',
    title: 'Apify instagram-hashtag-scraper export (CSV or JSON)',
    table: 'posts',
    formats: ['csv', 'json'],
    signature: [
      'query_tag',
      'url',
      'caption',
      'hashtags',
      'comments_count',
      'likes_count',
      'timestamp',
      'owner_username',
      'alt',
      'type',
    ],
  },
  {
    id: 'reels-tracker',
    title: 'reels search tracker export',
    table: 'posts',
    formats: ['csv', 'json'],
    signature: ['owner_username', 'like_count', 'comment_count', 'created_at', 'checked_at', 'code', 'caption'],
  },
  {
    id: 'instaloader',
    title: 'Instaloader post metadata',
    table: 'posts',
    formats: ['csv', 'json'],
    signature: ['mediaid', 'shortcode', 'date_utc', 'caption', 'likes', 'comments', 'caption_hashtags'],
  },
];

/** Signature fields of a layout a file has. */
function present(layout: KnownLayout, normalisedFields: ReadonlySet<string>): number {
  return layout.signature.filter((f) => normalisedFields.has(f) || hasSplit(normalisedFields, f)).length;
}

/** How well a file's fields match a layout: the share of its signature present. */
export function layoutScore(layout: KnownLayout, normalisedFields: ReadonlySet<string>): number {
  return present(layout, normalisedFields) / layout.signature.length;
}

/** `hashtags` is present in a CSV export as hashtags_0, hashtags_1, ... */
function hasSplit(fields: ReadonlySet<string>, name: string): boolean {
  return fields.has(`${name}_0`);
}

/**
 * The known layout a file matches best: the most signature fields present, then the largest share of its signature
 * (undefined when it shares nothing with any). `score` is that share.
 */
export function closestKnownLayout(
  normalisedFields: ReadonlySet<string>,
  table?: FileTableName,
): { layout: KnownLayout; score: number } | undefined {
  let best: { layout: KnownLayout; score: number; count: number } | undefined;
  for (const layout of KNOWN_LAYOUTS) {
    if (table && layout.table !== table) continue;
    const count = present(layout, normalisedFields);
    const score = count / layout.signature.length;
    if (count > 0 && (!best || count > best.count || (count === best.count && score > best.score)))
      best = { layout, score, count };
  }
  return best && { layout: best.layout, score: best.score };
}
