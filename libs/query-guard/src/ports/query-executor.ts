/** A result as the engine returns it: column types as SQL type names, values as plain JavaScript (bigint, Date...). */
export interface ExecutedQuery {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  /** Where the data came from (catalog label, e.g. "local" or "iceberg"). */
  readonly source: string;
}

/**
 * Runs a guarded SELECT in a sandbox: only the masked lake views are visible, no files, network or settings,
 * a fresh connection per call, cancelled after `timeoutMs` (throws QueryTimeoutError) and QueryFailedError otherwise.
 */
export interface QueryExecutor {
  execute(sql: string, options: { readonly timeoutMs: number }): Promise<ExecutedQuery>;
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
