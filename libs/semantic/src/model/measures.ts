/**
 * The measures of the semantic layer, defined once. Answers name the definition they used, the LLM's tool
 * descriptions quote it, and the SQL below is the only place each is computed (trends and the knowledge base
 * import the same builders).
 */
export type PostMeasureId = 'likes' | 'comments' | 'engagement' | 'engagement_rate';
export type AccountMeasureId = 'followers' | 'posts_count';
/** `post_count` counts posts; it is the measure of "how many posts", "most active", "posting the most". */
export type MeasureId = PostMeasureId | AccountMeasureId | 'post_count';

export type Aggregation = 'avg' | 'sum' | 'count' | 'median' | 'max' | 'min';

export interface MeasureDefinition {
  readonly id: MeasureId;
  /** How answers name it ("likes", "engagement rate"). */
  readonly label: string;
  /** The definition answers state. */
  readonly definition: string;
  /** Where the value lives: one value per post, or one per account (profile snapshot). */
  readonly grain: 'post' | 'account' | 'count';
  /** Aggregation used when a question names none ("likes in Miami" = average likes per post). */
  readonly defaultAggregation: Aggregation;
  readonly unit: string;
}

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  likes: {
    id: 'likes',
    label: 'likes',
    definition:
      'likes per post as scraped; posts whose creator hides likes (NULL) are left out of sums, averages and rankings',
    grain: 'post',
    defaultAggregation: 'avg',
    unit: 'likes',
  },
  comments: {
    id: 'comments',
    label: 'comments',
    definition: 'comments per post as scraped',
    grain: 'post',
    defaultAggregation: 'avg',
    unit: 'comments',
  },
  engagement: {
    id: 'engagement',
    label: 'engagement',
    definition:
      'engagement = likes + comments per post; posts with hidden likes (NULL) are left out of sums, averages and rankings',
    grain: 'post',
    defaultAggregation: 'avg',
    unit: 'engagement',
  },
  engagement_rate: {
    id: 'engagement_rate',
    label: 'engagement rate',
    definition:
      "engagement rate = engagement / followers x 100, with the creator's follower count from its restaurant profile (one snapshot per profile); posts of creators without a profile are left out",
    grain: 'post',
    defaultAggregation: 'avg',
    unit: '%',
  },
  followers: {
    id: 'followers',
    label: 'followers',
    definition: 'followers of the restaurant profile, one snapshot per profile as scraped (followers_count)',
    grain: 'account',
    defaultAggregation: 'max',
    unit: 'followers',
  },
  posts_count: {
    id: 'posts_count',
    label: 'posts on the profile',
    definition:
      'the number of posts the Instagram profile reports (posts_count), which is not the number of posts scraped into the lake',
    grain: 'account',
    defaultAggregation: 'max',
    unit: 'posts',
  },
  post_count: {
    id: 'post_count',
    label: 'posts',
    definition: 'the number of posts in the lake that match the question',
    grain: 'count',
    defaultAggregation: 'count',
    unit: 'posts',
  },
};

export function measure(id: MeasureId): MeasureDefinition {
  return MEASURES[id];
}

export function isPostMeasure(id: MeasureId): id is PostMeasureId {
  return MEASURES[id].grain === 'post';
}

export function isAccountMeasure(id: MeasureId): id is AccountMeasureId {
  return MEASURES[id].grain === 'account';
}

// ---- SQL (expressions over columns of ours; no user text reaches these builders). ----

/** Engagement of one post in JavaScript (documents, answers): likes + comments, undefined when likes are hidden. */
export function engagementOf(
  likes: number | null | undefined,
  comments: number | null | undefined,
): number | undefined {
  return likes === null || likes === undefined ? undefined : likes + (comments ?? 0);
}

/** Engagement of one post: likes + comments, NULL when likes are hidden. */
export function engagementSql(likes: string, comments: string): string {
  return `CASE WHEN ${likes} IS NULL THEN NULL ELSE ${likes} + coalesce(${comments}, 0) END`;
}

/** Engagement rate of one post in percent: engagement / followers x 100, NULL without a follower count. */
export function engagementRateSql(engagement: string, followers: string): string {
  return `(${engagement} * 100.0 / nullif(${followers}, 0))`;
}

/**
 * The hashtags of a post: lower-cased words of the hashtags column and `#tags` written in the caption, each once.
 * The one definition trends, the knowledge base and the semantic layer share.
 */
export function postHashtagsSql(hashtags: string, caption: string): string {
  // Most captions carry no "#": the regular expression runs only on those that do.
  return `list_distinct(list_concat(
    list_filter(regexp_split_to_array(lower(coalesce(${hashtags}, '')), '[^\\p{L}\\p{N}_]+'), t -> t <> ''),
    CASE WHEN contains(${caption}, '#') THEN regexp_extract_all(lower(${caption}), '#([\\p{L}\\p{N}_]+)', 1) ELSE [] END))`;
}

/** Normalised account key of a handle or creator cell (trimmed, no leading "@", lower case): lake-schema's. */
export { handleKeySql } from '@instalake/lake-schema';

/** The same in JavaScript. */
export function handleKey(value: string): string {
  return value.trim().replace(/^@+/, '').toLowerCase();
}

/** Hashtag performance, as trends and answers define it. */
export const HASHTAG_PERFORMANCE_DEFINITION =
  'hashtag performance = mean engagement (likes + comments) of the posts carrying the tag, with the number of posts and accounts behind it';

/** Competitor average, as peer comparisons define it. */
export const COMPETITOR_AVERAGE_DEFINITION =
  'competitor average = mean of the per-account averages of the other accounts, excluding the account asked about';
