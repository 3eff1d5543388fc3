/** A result as the engine returns it: column types as SQL type names, values as plain JavaScript (bigint, Date...). */
export interface ExecutedQuery {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  /** Where the data came from (catalog label, e.g. "local" or "iceberg"). */
  readonly source: string;
  /** True when the executor left rows out or cut values to stay under `maxBytes`. */
  readonly capped?: boolean;
}

export interface ExecuteOptions {
  readonly timeoutMs: number;
  /** Answer size budget: an executor may stop reading rows or cut values beyond about this many bytes. */
  readonly maxBytes?: number;
}

/**
 * Runs a guarded SELECT in a sandbox: only the masked lake views are visible, no files, network or settings, under a
 * memory cap, cancelled after `timeoutMs` (throws QueryTimeoutError) and QueryFailedError otherwise.
 */
export interface QueryExecutor {
  execute(sql: string, options: ExecuteOptions): Promise<ExecutedQuery>;
}

/** In-memory fake: records what it was asked to run and answers with a fixed result. */
export class InMemoryQueryExecutor implements QueryExecutor {
  readonly executed: string[] = [];
  constructor(private readonly answer: (sql: string) => ExecutedQuery) {}

  async execute(sql: string): Promise<ExecutedQuery> {
    this.executed.push(sql);
    return this.answer(sql);
  }
}
