import {
  ExecutedQuery,
  explainEngineMessage,
  lakeSchemaHint,
  QueryExecutor,
  QueryFailedError,
  QueryTimeoutError,
} from '@instalake/query-guard';
import type { QuerySandbox, SandboxQuery, SandboxRows } from './duckdb-query-sandbox';
import { WorkerExitedError, WorkerTimeoutError } from './worker/query-worker-process';

/** Executes guarded SQL in the sandbox's query workers, with their deadline, memory cap and answer size budget. */
export class DuckDbQueryExecutor implements QueryExecutor {
  constructor(private readonly sandbox: QuerySandbox) {}

  async execute(
    sql: string,
    options: { readonly timeoutMs: number; readonly maxBytes?: number },
  ): Promise<ExecutedQuery> {
    const result = await runInSandbox(this.sandbox, { sql, timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
    return { columns: result.columns, rows: result.rows, source: this.sandbox.source, capped: result.capped };
  }
}

/**
 * Runs a statement in the sandbox and turns worker failures into the guard's errors: the deadline into
 * QueryTimeoutError, an engine error or a worker stopped by its limits into QueryFailedError with a hint the model
 * can act on.
 */
export async function runInSandbox(sandbox: QuerySandbox, query: SandboxQuery): Promise<SandboxRows> {
  try {
    return await sandbox.query(query);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof WorkerTimeoutError || /^INTERRUPT/i.test(message))
      throw new QueryTimeoutError(query.timeoutMs, { cause: error });
    if (error instanceof WorkerExitedError) {
      throw new QueryFailedError(
        `The query exceeded the query sandbox's resource limits and was stopped (${message}). ` +
          explainEngineMessage('Out of Memory Error'),
        { cause: error },
      );
    }
    const detail = message.split('\n').filter(Boolean).slice(0, 2).join(' ');
    throw new QueryFailedError(`The query failed: ${explainEngineMessage(detail)} ${lakeSchemaHint()}`, {
      cause: error,
    });
  }
}
