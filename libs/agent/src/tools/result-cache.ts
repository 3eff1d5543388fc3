import type { AgentClock } from '../ports/clock';

export interface ResultCacheOptions {
  /** How long a result is reused; the local sandbox is a snapshot, so this only bounds memory and staleness. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  /**
   * The data version results were computed on (the sandbox's snapshot generation): when it changes, earlier
   * results are no longer reused.
   */
  readonly generation?: () => number | string;
}

/**
 * Promise cache for deterministic tool calls: identical calls within the TTL share one result, concurrent ones
 * share one in-flight execution, failures are never kept, and the least recently stored entry goes first.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, { at: number; result: Promise<T> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly clock: AgentClock,
    private readonly options: ResultCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 500;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const versioned = `${this.options.generation?.() ?? ''}\u0000${key}`;
    const now = this.clock.now().getTime();
    const hit = this.entries.get(versioned);
    if (hit && now - hit.at <= this.ttlMs) return hit.result;
    const result = compute();
    this.entries.delete(versioned);
    this.entries.set(versioned, { at: now, result });
    result.catch(() => this.entries.get(versioned)?.result === result && this.entries.delete(versioned));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return result;
  }
}
