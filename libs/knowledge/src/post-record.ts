/**
 * A post as the lake hands it to the knowledge base: the lake columns a document is rendered from, with the
 * city already resolved (restaurant profile by handle, else a city named in the search term).
 * Everything a document shows comes from these fields, so their fingerprint is the document's content hash.
 */
export interface PostRecord {
  readonly post_id: string;
  readonly creator: string;
  readonly search_term: string | null;
  /** ISO date `YYYY-MM-DD` (UTC) or null. */
  readonly posted_date: string | null;
  readonly likes: number | null;
  readonly comments: number | null;
  readonly hashtags: string | null;
  readonly caption: string | null;
  readonly image_description: string | null;
  readonly post_url: string | null;
  /** Canonical city (see CITY_ALIASES) or null when neither the profile nor the search term names one. */
  readonly city: string | null;
  /** Content hash of the fields above, computed by the source (in bulk, inside the lake engine). */
  readonly fingerprint: string;
}
