import type { AgentClock } from '../ports/clock';
import type { SqlResult, SqlTool } from '../ports/sql-tool';
import { ResultCache, type ResultCacheOptions } from './result-cache';

export type CachingSqlToolOptions = ResultCacheOptions;

/**
 * Reuses the result of an identical statement. The offline agent's SQL is deterministic for a question and an
 * as-of day, so repeated questions (dashboards, retries, several users) cost one execution; concurrent
 * identical statements share one in-flight execution. Failures are not cached.
 */
export class CachingSqlTool implements SqlTool {
  private readonly cache: ResultCache<SqlResult>;

  constructor(
    private readonly inner: SqlTool,
    clock: AgentClock,
    options: CachingSqlToolOptions = {},
  ) {
    this.cache = new ResultCache(clock, options);
  }

  run(sql: string): Promise<SqlResult> {
    return this.cache.get(sql, () => this.inner.run(sql));
  }
}
