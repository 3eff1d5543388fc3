import { ColumnSpec, text } from './column';

export type TableName = 'posts' | 'restaurants';

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
  /** File-name prefixes that identify a file of this table. */
  readonly filePrefixes: readonly string[];
}

export const LAKE_NAMESPACE = 'instagram_db' as const;

export const PostsTable: TableSpec = {
  name: 'posts',
  namespace: LAKE_NAMESPACE,
  description: 'One row per Instagram post found by the scraper (key: post_id, creator).',
  key: ['post_id', 'creator'],
  partitioning: ['month(posted_date)'],
  filePrefixes: ['post_results'],
  columns: [
    text('post_id', 'Instagram post id (shortcode).', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['id', 'shortcode'],
    }),
    text(
      'search_term',
      'The search the scraper ran to find the post, often naming a city or cuisine (e.g. "pizza nyc").',
      {
        aliases: ['search', 'query', 'keyword'],
      },
    ),
    text('creator', 'Instagram handle of the account that posted, as scraped (e.g. "@joes_pizza").', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['username', 'owner', 'handle', 'author'],
    }),
    {
      name: 'posted_date',
      kind: 'date',
      sqlType: 'DATE',
      description: 'Date the post was published (UTC).',
      aliases: ['date', 'posted_at', 'timestamp', 'post_date'],
      requiredInHeader: true,
    },
    {
      name: 'likes',
      kind: 'count',
      sqlType: 'INTEGER',
      description: 'Like count; NULL when the creator hides likes.',
      aliases: ['like_count', 'likes_count'],
    },
    {
      name: 'comments',
      kind: 'count',
      sqlType: 'INTEGER',
      description: 'Comment count.',
      aliases: ['comment_count', 'comments_count'],
    },
    text('hashtags', 'Hashtags as scraped (e.g. "#pizza #nyc"); also see #tags inside caption.', { aliases: ['tags'] }),
    text('caption', 'Post caption text (any language, emojis).', { aliases: ['text', 'description'] }),
    text('image_description', 'Description of the image (alt text or vision model).', {
      aliases: ['image_desc', 'alt_text', 'image'],
    }),
    text('post_url', 'Public URL of the post.', { aliases: ['url', 'link'] }),
    text('status', 'Scraper status for the row.'),
    {
      name: 'ingested_at',
      kind: 'timestamp',
      sqlType: 'TIMESTAMP',
      description: 'When the lake received the row (UTC).',
      system: true,
    },
  ],
};

export const RestaurantsTable: TableSpec = {
  name: 'restaurants',
  namespace: LAKE_NAMESPACE,
  description: 'One row per restaurant profile (key: restaurant_name, city, phone; phone may be NULL).',
  key: ['restaurant_name', 'city', 'phone'],
  partitioning: ['city'],
  filePrefixes: ['instagram_restaurant_results', 'instagram_results'],
  columns: [
    text('restaurant_name', 'Restaurant name.', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['name', 'restaurant'],
    }),
    text('city', 'City of the restaurant as scraped (e.g. "New York", "San Francisco").', {
      requiredInHeader: true,
      requiredInRow: true,
      aliases: ['location'],
    }),
    text('phone', 'Phone number; always masked outside the lake layer (first 3 characters + **** + last 2).', {
      aliases: ['phone_number', 'telephone'],
      pii: true,
    }),
    text('instagram_handle', 'Instagram handle of the restaurant (joins posts.creator, ignoring @ and case).', {
      aliases: ['instagram', 'handle', 'username', 'ig_handle'],
    }),
    text('followers', 'Follower count as scraped (e.g. "12.5K").'),
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
      aliases: ['posts'],
    },
    text('bio', 'Profile biography text.', { aliases: ['biography'] }),
    text('website', 'Website URL from the profile.', { aliases: ['url', 'external_url'] }),
    text('status', 'Scraper status for the row.'),
    {
      name: 'ingested_at',
      kind: 'timestamp',
      sqlType: 'TIMESTAMP',
      description: 'When the lake received the row (UTC).',
      system: true,
    },
  ],
};

export const LAKE_TABLES: readonly TableSpec[] = [PostsTable, RestaurantsTable];

export function tableSpec(name: TableName): TableSpec {
  return name === 'posts' ? PostsTable : RestaurantsTable;
}

/** Columns that come from the CSV file (neither system-filled nor derived). */
export function csvColumns(table: TableSpec): ColumnSpec[] {
  return table.columns.filter((c) => !c.system && !c.derivedFrom);
}
