/** Plain metadata of a post document: what filters and search results see. */
export interface PostMetadata {
  readonly post_id: string;
  /** Handle without "@", lower-case: the form filters compare. */
  readonly creator: string;
  readonly city?: string;
  readonly likes?: number;
  readonly comments?: number;
  /** engagement = likes + comments; absent when likes are hidden. */
  readonly engagement?: number;
  readonly hashtags: readonly string[];
  /** `YYYY-MM-DD` (UTC). */
  readonly posted_date?: string;
  /** posted_date as epoch seconds (UTC midnight), for range filters. */
  readonly posted_at?: number;
  readonly post_url?: string;
  readonly search_term?: string;
}

export const NUMBER_ATTRIBUTES = ['likes', 'comments', 'engagement', 'posted_at'] as const;
export const STRING_ATTRIBUTES = ['post_id', 'creator', 'city', 'posted_date', 'post_url', 'search_term'] as const;
export const STRING_LIST_ATTRIBUTES = ['hashtags'] as const;
