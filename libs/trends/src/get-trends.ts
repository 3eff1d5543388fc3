import { CITY_MEMBERSHIP_DEFINITION, DIMENSIONS, HASHTAG_PERFORMANCE_DEFINITION, MEASURES } from '@instalake/semantic';
import { resolveCity } from './cities';
import { TrendsRequestError } from './errors';
import type { ContentPattern, HashtagStats, TrendsSource } from './ports/trends-source';

export type Confidence = 'HIGH' | 'MEDIUM' | 'LOW';

export interface TrendsRequest {
  readonly city: string;
  /** Window length in days (1-365), default 7. */
  readonly days?: number;
  /** Last day of the window, YYYY-MM-DD; default today (UTC) from the clock. */
  readonly asOf?: string;
}

export interface TrendsReport {
  /** The city as resolved from the request ("NYC" -> "New York"). */
  readonly city: string;
  readonly cityAliases: readonly string[];
  readonly window: { readonly from: string; readonly to: string; readonly days: number };
  readonly previousWindow: { readonly from: string; readonly to: string };
  readonly hashtags: readonly HashtagStats[];
  readonly patterns: readonly ContentPattern[];
  /** Posts of the city in the window. */
  readonly dataPoints: number;
  readonly accounts: number;
  readonly previousDataPoints: number;
  /** Posts whose likes are hidden: counted, but left out of every average. */
  readonly hiddenLikesExcluded: number;
  readonly avgEngagement: number | null;
  readonly confidence: Confidence;
  readonly definitions: Readonly<Record<string, string>>;
}

/** What a trends report means, in the semantic layer's words (one definition of each). */
export const TRENDS_DEFINITIONS = {
  engagement: MEASURES.engagement.definition,
  hashtags: DIMENSIONS.hashtag.definition,
  hashtagPerformance: HASHTAG_PERFORMANCE_DEFINITION,
  city: CITY_MEMBERSHIP_DEFINITION,
  growthPct: 'change in post count against the previous window of the same length, percent; null when the tag is new',
  score: 'mean engagement shrunk toward the window mean with 5 pseudo-posts, so small groups rank lower',
  confidence: 'HIGH when more than 100 posts, MEDIUM for 10-100, LOW below 10',
} as const;

const DAY_MS = 86_400_000;

export function confidenceFor(dataPoints: number): Confidence {
  if (dataPoints > 100) return 'HIGH';
  if (dataPoints >= 10) return 'MEDIUM';
  return 'LOW';
}

/** get_trends: trending hashtags and the best content patterns of a city over a window, with a baseline. */
export class GetTrends {
  constructor(
    private readonly source: TrendsSource,
    private readonly today: () => Date = () => new Date(),
    private readonly limits = { hashtags: 15, patterns: 12 },
  ) {}

  async execute(request: TrendsRequest): Promise<TrendsReport> {
    if (typeof request.city !== 'string' || request.city.trim() === '' || request.city.length > 100) {
      throw new TrendsRequestError(
        'INVALID_CITY',
        'city is required: a city name or alias such as "NYC", "New York" or "San Francisco".',
      );
    }
    const days = request.days ?? 7;
    if (!Number.isInteger(days) || days < 1 || days > 365) {
      throw new TrendsRequestError(
        'INVALID_DAYS',
        `days must be a whole number from 1 to 365, got ${String(request.days)}.`,
      );
    }
    const asOf = request.asOf ?? this.today().toISOString().slice(0, 10);
    const end = parseDay(asOf);
    const city = resolveCity(request.city);
    const day = (offset: number) => new Date(end - offset * DAY_MS).toISOString().slice(0, 10);
    const window = { from: day(days - 1), to: day(0), days };
    const previousWindow = { from: day(2 * days - 1), to: day(days) };

    const data = await this.source.windowStats({
      city: city.name,
      cityAliases: city.aliases,
      from: window.from,
      to: window.to,
      previousFrom: previousWindow.from,
      previousTo: previousWindow.to,
      maxHashtags: this.limits.hashtags,
      maxPatterns: this.limits.patterns,
    });
    return {
      city: city.name,
      cityAliases: city.aliases,
      window,
      previousWindow,
      hashtags: data.hashtags,
      patterns: data.patterns,
      dataPoints: data.posts,
      accounts: data.accounts,
      previousDataPoints: data.previousPosts,
      hiddenLikesExcluded: data.hiddenLikesPosts,
      avgEngagement: data.avgEngagement,
      confidence: confidenceFor(data.posts),
      definitions: TRENDS_DEFINITIONS,
    };
  }
}

function parseDay(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new TrendsRequestError('INVALID_DATE', `as_of must be a date written YYYY-MM-DD, got "${value}".`);
  }
  return time;
}
