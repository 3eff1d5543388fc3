export interface TrendingHashtag {
  readonly tag: string;
  readonly posts: number;
  readonly accounts?: number;
  readonly totalEngagement: number;
  readonly avgEngagement: number;
  /** Growth of post count against the previous window of the same length, in percent; null when new. */
  readonly growthPct: number | null;
}

export interface TrendsReport {
  readonly city: string;
  readonly window: { from: string; to: string };
  readonly previousWindow?: { from: string; to: string };
  readonly hashtags: readonly TrendingHashtag[];
  /** Best content patterns ranked by engagement, e.g. `{ kind: 'weekday', value: 'Saturday', avgEngagement }`. */
  readonly patterns: readonly { kind: string; value: string; posts: number; avgEngagement: number }[];
  readonly dataPoints: number;
}

export interface TrendsQuery {
  readonly city: string;
  readonly days: number;
  /** Last day of the window, YYYY-MM-DD. */
  readonly asOf: string;
}

/** Trending hashtags and content patterns for a city (the action group's `get_trends`). */
export interface TrendsTool {
  get(query: TrendsQuery): Promise<TrendsReport>;
}

/** Fake: returns the report registered for a city (case-insensitive) and records the queries. */
export class InMemoryTrendsTool implements TrendsTool {
  readonly queries: TrendsQuery[] = [];
  constructor(private readonly reports: Record<string, (q: TrendsQuery) => TrendsReport>) {}

  async get(query: TrendsQuery): Promise<TrendsReport> {
    this.queries.push(query);
    const make = this.reports[query.city.toLowerCase()];
    if (make) return make(query);
    return {
      city: query.city,
      window: { from: query.asOf, to: query.asOf },
      hashtags: [],
      patterns: [],
      dataPoints: 0,
    };
  }
}
