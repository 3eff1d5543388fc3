import { GuardedSqlTool, OfflineAgent, SqlKeywordSearch, SqlTrendsTool, systemAgentClock, type AgentPort } from '@instalake/agent';
import { DuckDbQueryExecutor, DuckDbQuerySandbox, DuckDbSqlParser, LocalCatalog } from '@instalake/duckdb';
import { GuardSql } from '@instalake/query-guard';
import type { ProxyLambdaConfig } from './config';

/** AGENT=local: the offline agent on a local lake file, its SQL through the query guard in the read-only sandbox. */
export async function openLocalAgent(config: ProxyLambdaConfig): Promise<{ agent: AgentPort; close(): void }> {
  const sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(config.lakeFile), memoryLimit: config.memoryLimit, threads: 2, homeDirectory: '/tmp' });
  const sql = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
  const agent = new OfflineAgent({ sql, trends: new SqlTrendsTool(sql), knowledge: new SqlKeywordSearch(sql) }, systemAgentClock);
  return { agent, close: () => sandbox.close() };
}
