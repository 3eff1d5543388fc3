/** True when `error` (or a cause of it) is DuckDB refusing a file another process holds. */
export function isLockConflict(error: unknown): boolean {
  return causes(error).some((e) => /Could not set lock on file|Conflicting lock is held/i.test(messageOf(e)));
}

/** The process holding the lake, as DuckDB names it ("... held in /usr/bin/node (PID 123)"), if it says. */
export function lockHolder(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const match = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(messageOf(e));
    if (match) return `PID ${match[2]} (${match[1]})`;
  }
  return undefined;
}

export interface LockWaitOptions {
  /** How long to keep trying; 0 tries once. */
  readonly timeoutMs: number;
  /** Pause between tries (default 250 ms). */
  readonly pollMs?: number;
  /** Told once, at the first conflict, who holds the lake and how long we wait. */
  readonly onWait?: (holder: string | undefined, timeoutMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/**
 * Runs `open` until it stops failing on a lock conflict or `timeoutMs` has passed, then rethrows its last error:
 * a second writer (or a reader during an ingest) waits for the lake, saying so, instead of failing at once.
 */
export async function withLockWait<T>(open: () => Promise<T>, options: LockWaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + options.timeoutMs;
  let told = false;
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (!isLockConflict(error) || now() >= deadline) throw error;
      if (!told) options.onWait?.(lockHolder(error), options.timeoutMs);
      told = true;
      await sleep(Math.min(options.pollMs ?? 250, Math.max(0, deadline - now())));
    }
  }
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
