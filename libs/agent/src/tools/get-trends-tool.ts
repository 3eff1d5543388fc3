import type { TrendsReport as UseCaseReport, TrendsRequest } from '@instalake/trends';
import type { TrendsQuery, TrendsReport, TrendsTool } from '../ports/trends-tool';

/** The part of the GetTrends use case the agent uses: the Bedrock action group's `get_trends`. */
export interface TrendsUseCase {
  execute(request: TrendsRequest): Promise<UseCaseReport>;
}

/** TrendsTool over GetTrends: the offline agent reads the same trends the Bedrock Agent gets. */
export class GetTrendsTool implements TrendsTool {
  constructor(private readonly getTrends: TrendsUseCase) {}

  async get(query: TrendsQuery): Promise<TrendsReport> {
    const report = await this.getTrends.execute({ city: query.city, days: query.days, asOf: query.asOf });
    return {
      city: report.city,
      window: { from: report.window.from, to: report.window.to },
      previousWindow: report.previousWindow,
      hashtags: report.hashtags.map((h) => ({
        tag: h.tag.startsWith('#') ? h.tag : `#${h.tag}`,
        posts: h.posts,
        accounts: h.accounts,
        totalEngagement: h.totalEngagement,
        avgEngagement: h.avgEngagement ?? 0,
        growthPct: h.growthPct,
      })),
      patterns: report.patterns
        .filter((p) => p.avgEngagement !== null)
        .map((p) => ({
          kind: p.kind.replace(/_/g, ' '),
          value: p.value,
          posts: p.posts,
          avgEngagement: p.avgEngagement!,
        })),
      dataPoints: report.dataPoints,
    };
  }
}
