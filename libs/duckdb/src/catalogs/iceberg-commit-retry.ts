import { InstalakeError } from '@instalake/errors';

/**
 * Retries a write whose commit lost a race with another writer. DuckDB's iceberg extension retries INSERT
 * commit conflicts itself but not MERGE, and a local DuckDB file reports write-write conflicts the same way,
 * so the loader wraps its MERGE in this. Anything that is not a conflict fails at once.
 */
export interface CommitRetryOptions {
  /** Total tries, the first included. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** 0 <= random() < 1; full jitter keeps competing writers from retrying in lock step. */
  readonly random?: () => number;
  readonly isConflict?: (error: unknown) => boolean;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

const CONFLICT_PATTERNS = [
  /CommitFailedException/i,
  /commit.{0,40}conflict/i,
  /conflict.{0,40}commit/i,
  /write-write conflict/i,
  /Conflict on (tuple|update|delete)/i,
  /Requirement failed/i,
  /\b409\b.{0,40}(conflict|commit)/i,
  /has been modified concurrently|concurrent(ly)? (modification|update)/i,
];

export function isCommitConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return CONFLICT_PATTERNS.some((pattern) => pattern.test(message));
}

export class CommitConflictError extends InstalakeError {
  constructor(attempts: number, cause: unknown) {
    const detail = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0];
    super(
      'COMMIT_CONFLICT',
      `The lake write still conflicted with another writer after ${attempts} attempts (${detail}). ` +
        'Keep one writer per table (ingest reserved concurrency 1) or retry the file later; it was not half-written.',
      { cause },
    );
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withCommitRetry<T>(work: () => Promise<T>, options: CommitRetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const isConflict = options.isConflict ?? isCommitConflict;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= attempts) throw new CommitConflictError(attempts, error);
      const delayMs = Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
