import type { AgentClock } from '../ports/clock';
import type { SqlResult, SqlTool } from '../ports/sql-tool';

export interface CachingSqlToolOptions {
  /** How long a result is reused; the local sandbox sees the lake as of its open, so this only bounds memory. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
}

/**
 * Reuses the result of an identical statement for a short time. The offline agent's SQL is deterministic for a
 * question and an as-of day, so repeated questions (dashboards, retries, several users) cost one execution;
 * concurrent identical statements share one in-flight execution. Failures are not cached.
 */
export class CachingSqlTool implements SqlTool {
  private readonly entries = new Map<string, { at: number; result: Promise<SqlResult> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly inner: SqlTool,
    private readonly clock: AgentClock,
    options: CachingSqlToolOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 500;
  }

  run(sql: string): Promise<SqlResult> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(sql);
    if (hit && now - hit.at <= this.ttlMs) return hit.result;
    const result = this.inner.run(sql);
    this.entries.delete(sql);
    this.entries.set(sql, { at: now, result });
    result.catch(() => this.entries.get(sql)?.result === result && this.entries.delete(sql));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }
}
