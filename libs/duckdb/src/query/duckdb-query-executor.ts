import {
  ExecutedQuery,
  explainEngineMessage,
  lakeSchemaHint,
  QueryExecutor,
  QueryFailedError,
  QueryTimeoutError,
} from '@instalake/query-guard';
import type { QuerySandbox } from './duckdb-query-sandbox';

/**
 * Executes guarded SQL on a fresh sandbox connection. A timer calls `connection.interrupt()` at the time limit
 * (DuckDB 1.5 has no statement timeout setting) and the interruption surfaces as QueryTimeoutError.
 */
export class DuckDbQueryExecutor implements QueryExecutor {
  constructor(private readonly sandbox: QuerySandbox) {}

  execute(sql: string, options: { readonly timeoutMs: number }): Promise<ExecutedQuery> {
    return this.sandbox.withConnection(async (c) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        c.interrupt();
      }, options.timeoutMs);
      try {
        const reader = await c.runAndReadAll(sql);
        const types = reader.columnTypes().map((t) => t.toString());
        return {
          columns: reader.columnNames().map((name, i) => ({ name, type: types[i] })),
          rows: reader.getRowsJS(),
          source: this.sandbox.source,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (timedOut || /^INTERRUPT/i.test(message)) throw new QueryTimeoutError(options.timeoutMs, { cause: error });
        const detail = message.split('\n').filter(Boolean).slice(0, 2).join(' ');
        throw new QueryFailedError(`The query failed: ${explainEngineMessage(detail)} ${lakeSchemaHint()}`, {
          cause: error,
        });
      } finally {
        clearTimeout(timer);
      }
    });
  }
}
