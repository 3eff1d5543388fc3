import { ColumnSpec, text } from './column';

export type TableName = 'posts' | 'restaurants' | 'post_metrics';
/** The tables files land in (post_metrics is filled from posts files). */
export type FileTableName = 'posts' | 'restaurants';

export interface TableSpec {
  readonly name: TableName;
  /** Namespace in every catalog (Glue database, DuckDB schema). */
  readonly namespace: 'instagram_db';
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** Business key: de-duplication and MERGE match on it, NULL-safe. */
  readonly key: readonly string[];
  /** Iceberg partition spec, in Iceberg transform notation. */
  readonly partitioning: readonly string[];
  /** File-name prefixes that identify a file of this table (none: no file lands in it directly). */
  readonly filePrefixes: readonly string[];
}

export const LAKE_NAMESPACE = 'instagram_db' as const;

const ingestedAt: ColumnSpec = {
  name: 'ingested_at',
  kind: 'timestamp',
  sqlType: 'TIMESTAMP',
  description: 'When the lake received the row (UTC).',
  system: true,
};

/** Field names that carry a post's URL (also a source of its shortcode). */
export const POST_URL_ALIASES = ['url', 'link', 'permalink', 'post_link'] as const;

export const PostsTable: TableSpec = {
  name: 'posts',
  namespace: LAKE_NAMESPACE,
  description:
    'One row per Instagram post, as first scraped (key: post_id, creator; later like counts go to post_metrics).',
  key: ['post_id', 'creator'],
  partitioning: ['month(posted_date)'],
  filePrefixes: ['post_results'],
  columns: [
    text('post_id', 'Instagram post shortcode (the code in instagram.com/p/<code>/), never the numeric media id.', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['short_code', 'shortcode', 'code', 'id', 'media_id', 'mediaid', 'pk'],
    }),
    text(
      'search_term',
      'The search the scraper ran to find the post, often naming a city or cuisine (e.g. "pizza nyc").',
      { aliases: ['search', 'query', 'keyword', 'query_tag', 'search_query'] },
    ),
    {
      name: 'canonical_city',
      kind: 'city-in-text',
      sqlType: 'VARCHAR',
      description:
        'Canonical city the search term names (lake-schema city table; "pizza nyc" -> New York, "tacos la" -> Los ' +
        "Angeles), NULL when none. A post's city is its creator's restaurant profile city when the creator has a " +
        'profile, else this.',
      derivedFrom: 'search_term',
    },
    text('creator', 'Instagram handle of the account that posted, as scraped (e.g. "@joes_pizza").', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['owner_username', 'username', 'owner', 'handle', 'author', 'user_name', 'account'],
    }),
    {
      name: 'posted_date',
      kind: 'date',
      sqlType: 'DATE',
      description: 'Date the post was published (UTC).',
      aliases: [
        'posted_at',
        'post_date',
        'date_utc',
        'timestamp',
        'taken_at',
        'taken_at_timestamp',
        'created_at',
        'published_at',
        'date',
        'date_local',
      ],
      requiredInHeader: true,
    },
    {
      name: 'likes',
      kind: 'count',
      sqlType: 'INTEGER',
      description: 'Like count when first scraped; NULL when the creator hides likes.',
      aliases: ['likes_count', 'like_count', 'num_likes'],
    },
    {
      name: 'comments',
      kind: 'count',
      sqlType: 'INTEGER',
      description: 'Comment count when first scraped.',
      aliases: ['comments_count', 'comment_count', 'num_comments'],
    },
    text('hashtags', 'Hashtags as scraped (e.g. "#pizza #nyc"); also see #tags inside caption.', {
      aliases: ['tags', 'caption_hashtags', 'hashtag_list'],
    }),
    text('caption', 'Post caption text (any language, emojis).', {
      aliases: ['text', 'caption_text', 'description'],
    }),
    text('image_description', 'Description of the image (alt text or vision model).', {
      aliases: ['alt', 'alt_text', 'accessibility_caption', 'image_desc', 'image'],
    }),
    text('post_url', 'Public URL of the post.', { aliases: [...POST_URL_ALIASES] }),
    text('status', 'Scraper status for the row.', { aliases: ['scrape_status'] }),
    ingestedAt,
  ],
};

export const RestaurantsTable: TableSpec = {
  name: 'restaurants',
  namespace: LAKE_NAMESPACE,
  description:
    'One row per restaurant profile (key: restaurant_name, canonical_city, phone; phone may be NULL; the first ' +
    'spelling of the city scraped is kept in city).',
  key: ['restaurant_name', 'canonical_city', 'phone'],
  partitioning: ['city'],
  filePrefixes: ['instagram_restaurant_results', 'instagram_results'],
  columns: [
    text('restaurant_name', 'Restaurant name.', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['name', 'restaurant', 'business_name'],
    }),
    text('city', 'City of the restaurant as scraped (e.g. "NEW YORK", "San Fran"); see canonical_city.', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['location', 'town', 'city_name'],
    }),
    {
      name: 'canonical_city',
      kind: 'city',
      sqlType: 'VARCHAR',
      description:
        'Canonical city from the lake-schema city table ("NY", "Manhattan" -> New York; unknown cities title-cased). ' +
        'Filter and group on this column.',
      derivedFrom: 'city',
    },
    text('phone', 'Phone number; always masked outside the lake layer (first 3 characters + **** + last 2).', {
      aliases: ['phone_number', 'telephone', 'tel', 'business_phone_number'],
      pii: true,
    }),
    text('instagram_handle', 'Instagram handle of the restaurant (joins posts.creator, ignoring @ and case).', {
      aliases: ['instagram', 'handle', 'username', 'ig_handle', 'instagram_username'],
    }),
    text('followers', 'Follower count as scraped (e.g. "12.5K").', {
      aliases: ['followers_count', 'follower_count'],
    }),
    {
      name: 'followers_count',
      kind: 'bigcount',
      sqlType: 'BIGINT',
      description: 'Follower count parsed from followers (one snapshot per profile).',
      derivedFrom: 'followers',
    },
    {
      name: 'posts_count',
      kind: 'count',
      sqlType: 'INTEGER',
      description: 'Number of posts on the profile (CSV header "posts").',
      aliases: ['posts', 'post_count', 'media_count'],
    },
    text('bio', 'Profile biography text.', { aliases: ['biography'] }),
    text('website', 'Website URL from the profile.', { aliases: ['url', 'external_url', 'site'] }),
    text('status', 'Scraper status for the row.', { aliases: ['scrape_status'] }),
    ingestedAt,
  ],
};

/**
 * Later observations of known posts: one row each time a file brings a post already in posts with different likes
 * or comments. posts keeps the first observation (insert-only); this table holds the ones after it.
 */
export const PostMetricsTable: TableSpec = {
  name: 'post_metrics',
  namespace: LAKE_NAMESPACE,
  description:
    'Re-scraped like and comment counts of posts already in posts (key: post_id, creator, observed_at); the first ' +
    'observation stays in posts, so growth = this table ordered by observed_at after the posts row.',
  key: ['post_id', 'creator', 'observed_at'],
  partitioning: ['month(observed_at)'],
  filePrefixes: [],
  columns: [
    text('post_id', 'Post shortcode (joins posts.post_id).'),
    text('creator', 'Creator as in posts.creator.'),
    {
      name: 'observed_at',
      kind: 'timestamp',
      sqlType: 'TIMESTAMP',
      description: 'When the lake received the file that carried this observation (UTC).',
    },
    { name: 'likes', kind: 'count', sqlType: 'INTEGER', description: 'Like count observed; NULL when hidden.' },
    { name: 'comments', kind: 'count', sqlType: 'INTEGER', description: 'Comment count observed.' },
    text('source_file', 'Raw-bucket key of the file the observation came from.'),
  ],
};

export const LAKE_TABLES: readonly TableSpec[] = [PostsTable, RestaurantsTable, PostMetricsTable];
/** Tables a scraper file lands in, in the order a file's kind is tried. */
export const FILE_TABLES: readonly TableSpec[] = [PostsTable, RestaurantsTable];

export function tableSpec(name: TableName): TableSpec {
  const spec = LAKE_TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`No lake table ${name}`);
  return spec;
}

/** Columns that come from the file (neither system-filled nor derived). */
export function csvColumns(table: TableSpec): ColumnSpec[] {
  return table.columns.filter((c) => !c.system && !c.derivedFrom);
}
