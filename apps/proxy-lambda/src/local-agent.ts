import {
  GetTrendsTool,
  GuardedSqlTool,
  OfflineAgent,
  SqlKeywordSearch,
  systemAgentClock,
  type AgentPort,
} from '@instalake/agent';
import {
  DuckDbQueryExecutor,
  DuckDbQuerySandbox,
  DuckDbSqlParser,
  DuckDbTrendsSource,
  LocalCatalog,
} from '@instalake/duckdb';
import { GuardSql } from '@instalake/query-guard';
import { GetTrends } from '@instalake/trends';
import type { ProxyLambdaConfig } from './config';

/**
 * AGENT=local: the offline agent on a local lake file, its SQL through the query guard in the read-only sandbox and
 * GetTrends on the same sandbox. No knowledge index ships with the Lambda, so similarity is keyword search in SQL.
 */
export async function openLocalAgent(config: ProxyLambdaConfig): Promise<{ agent: AgentPort; close(): void }> {
  const sandbox = await DuckDbQuerySandbox.open({
    catalog: new LocalCatalog(config.lakeFile),
    memoryLimit: config.memoryLimit,
    threads: 2,
    homeDirectory: '/tmp',
  });
  const sql = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
  const agent = new OfflineAgent(
    {
      sql,
      trends: new GetTrendsTool(new GetTrends(new DuckDbTrendsSource(sandbox))),
      knowledge: new SqlKeywordSearch(sql),
    },
    systemAgentClock,
  );
  return { agent, close: () => sandbox.close() };
}
