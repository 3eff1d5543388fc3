/** What the engine is asked: posts of a city in the current window and the previous one. */
export interface TrendsWindowQuery {
  /** The canonical city (lake-schema canonicalCity), as ingestion stored it in canonical_city. */
  readonly city: string;
  /** Normalised city aliases (see normaliseCityText), for engines that match text themselves. */
  readonly cityAliases: readonly string[];
  /** Inclusive YYYY-MM-DD bounds. */
  readonly from: string;
  readonly to: string;
  readonly previousFrom: string;
  readonly previousTo: string;
  readonly maxHashtags: number;
  readonly maxPatterns: number;
}

export interface HashtagStats {
  readonly tag: string;
  readonly posts: number;
  readonly accounts: number;
  /** Sum of likes + comments over posts with visible likes. */
  readonly totalEngagement: number;
  /** Mean of likes + comments over posts with visible likes; null when every post hides likes. */
  readonly avgEngagement: number | null;
  readonly hiddenLikesPosts: number;
  readonly previousPosts: number;
  /** Post-count growth against the previous window, percent; null when the tag is new. */
  readonly growthPct: number | null;
}

export type PatternKind = 'search_term' | 'weekday' | 'caption_length' | 'hashtag_count';

export interface ContentPattern {
  readonly kind: PatternKind;
  readonly value: string;
  readonly posts: number;
  readonly avgEngagement: number | null;
  /** Engagement score: mean engagement shrunk toward the window mean (5 pseudo-posts), so tiny groups rank lower. */
  readonly score: number | null;
}

export interface TrendsWindowData {
  readonly posts: number;
  readonly accounts: number;
  readonly hiddenLikesPosts: number;
  readonly previousPosts: number;
  readonly avgEngagement: number | null;
  readonly hashtags: readonly HashtagStats[];
  readonly patterns: readonly ContentPattern[];
}

/** Computes the window's aggregates inside the lake engine (bulk SQL, never row by row). */
export interface TrendsSource {
  windowStats(query: TrendsWindowQuery): Promise<TrendsWindowData>;
}

/** In-memory fake: answers with fixed data and records the queries. */
export class InMemoryTrendsSource implements TrendsSource {
  readonly queries: TrendsWindowQuery[] = [];
  constructor(private readonly data: TrendsWindowData) {}

  async windowStats(query: TrendsWindowQuery): Promise<TrendsWindowData> {
    this.queries.push(query);
    return this.data;
  }
}
