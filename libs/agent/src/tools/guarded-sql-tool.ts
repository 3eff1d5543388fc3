import type { QueryResult } from '@instalake/query-guard';
import type { SqlTool, SqlResult, SqlValue } from '../ports/sql-tool';

/** The part of GuardSql the agent uses: the same guarded execution the Bedrock action group gets. */
export interface GuardedExecution {
  execute(sql: string): Promise<QueryResult>;
}

/** SqlTool over the query guard: every statement the offline agent writes is parsed and sandboxed. */
export class GuardedSqlTool implements SqlTool {
  constructor(private readonly guard: GuardedExecution) {}

  async run(sql: string): Promise<SqlResult> {
    const result = await this.guard.execute(sql);
    return {
      columns: result.columns,
      rows: result.data.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, scalar(row[i])]))),
      truncated: result.truncated,
    };
  }
}

function scalar(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
