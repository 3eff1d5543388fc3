import type { AgentClock } from '../ports/clock';
import type { TrendsQuery, TrendsReport, TrendsTool } from '../ports/trends-tool';
import { ResultCache, type ResultCacheOptions } from './result-cache';

/** Reuses a trends report for the same city, window length and as-of day (see CachingSqlTool). */
export class CachingTrendsTool implements TrendsTool {
  private readonly cache: ResultCache<TrendsReport>;

  constructor(
    private readonly inner: TrendsTool,
    clock: AgentClock,
    options: ResultCacheOptions = {},
  ) {
    this.cache = new ResultCache(clock, options);
  }

  get(query: TrendsQuery): Promise<TrendsReport> {
    const key = JSON.stringify([query.city.toLowerCase(), query.days, query.asOf]);
    return this.cache.get(key, () => this.inner.get(query));
  }
}
