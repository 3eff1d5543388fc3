import type { DuckDBConnection } from '@duckdb/node-api';
import type { ParsedSql, SqlParser } from '@instalake/query-guard';
import type { QuerySandbox } from './duckdb-query-sandbox';

/** SqlParser on the sandbox's parser (DuckDB's own, see parseSql). */
export class DuckDbSqlParser implements SqlParser {
  constructor(private readonly sandbox: Pick<QuerySandbox, 'parse'>) {}

  parse(sql: string): Promise<ParsedSql> {
    return this.sandbox.parse(sql);
  }
}

/**
 * Parses with DuckDB's own parser: `extractStatements` counts statements, `json_serialize_sql` gives the AST of
 * a SELECT (and an error for any other statement). Neither binds tables nor touches data. The text is passed
 * as a prepared-statement parameter, never spliced into SQL.
 */
export async function parseSql(c: DuckDBConnection, sql: string): Promise<ParsedSql> {
  let statementCount: number;
  try {
    statementCount = (await c.extractStatements(sql)).count;
  } catch (error) {
    return { statementCount: 0, error: { kind: 'syntax', message: parserMessage(error) } };
  }
  if (statementCount !== 1) return { statementCount };
  const reader = await c.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS ast', [sql]);
  const ast = JSON.parse(String(reader.getRows()[0][0])) as {
    error: boolean;
    error_type?: string;
    error_message?: string;
    statements?: unknown[];
  };
  if (ast.error) {
    const kind = ast.error_type === 'not implemented' ? 'not-select' : 'syntax';
    return { statementCount, error: { kind, message: String(ast.error_message ?? 'unknown parser error') } };
  }
  return { statementCount, statements: ast.statements ?? [] };
}

function parserMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/^Failed to extract statements:\s*/, '')
    .split('\n')
    .filter(Boolean)
    .slice(0, 3)
    .join(' ')
    .trim();
}
