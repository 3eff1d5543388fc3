import { GuardedSqlTool, OfflineAgent, SqlKeywordSearch, SqlTrendsTool, systemAgentClock, type AgentClock, type KnowledgeSearch, type TrendsTool } from '@instalake/agent';
import { DuckDbQueryExecutor, DuckDbQuerySandbox, DuckDbSqlParser, LocalCatalog } from '@instalake/duckdb';
import { GuardSql } from '@instalake/query-guard';

export interface LocalAgentOptions {
  readonly lakeFile: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** The knowledge index's search (issue 4); without one, keyword search through the guarded SQL tool. */
  readonly knowledge?: KnowledgeSearch;
  /** The trends use case (issue 3); without one, trends through the guarded SQL tool. */
  readonly trends?: TrendsTool;
  readonly clock?: AgentClock;
  readonly onToolError?: (error: unknown, intent: string) => void;
}

export interface LocalAgent {
  readonly agent: OfflineAgent;
  close(): void;
}

/** The offline agent on the local lake: its SQL runs through the query guard in the read-only sandbox. */
export async function openLocalAgent(options: LocalAgentOptions): Promise<LocalAgent> {
  const sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(options.lakeFile), memoryLimit: options.memoryLimit ?? '1GB', threads: options.threads ?? 2 });
  const sql = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
  const agent = new OfflineAgent(
    { sql, trends: options.trends ?? new SqlTrendsTool(sql), knowledge: options.knowledge ?? new SqlKeywordSearch(sql) },
    options.clock ?? systemAgentClock,
    { onToolError: options.onToolError },
  );
  return { agent, close: () => sandbox.close() };
}
