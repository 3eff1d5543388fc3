import {
  CachingSqlTool,
  GetTrendsTool,
  GuardedSqlTool,
  OfflineAgent,
  SearchPostsKnowledgeSearch,
  SqlKeywordSearch,
  systemAgentClock,
  type AgentClock,
  type KnowledgeSearch,
  type SqlTool,
} from '@instalake/agent';
import { DuckDbQueryExecutor, DuckDbQuerySandbox, DuckDbSqlParser, DuckDbTrendsSource, LocalCatalog } from '@instalake/duckdb';
import { SearchPosts } from '@instalake/knowledge';
import type { LocalKnowledgeBase } from '@instalake/local-search';
import { GuardSql } from '@instalake/query-guard';
import { GetTrends } from '@instalake/trends';

export interface LocalAgentOptions {
  readonly lakeFile: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** The local knowledge index (issue 4); until `kb sync` has filled it, keyword search through the guarded SQL tool. */
  readonly knowledgeBase?: Pick<LocalKnowledgeBase, 'retrieve' | 'startIngestion' | 'size'>;
  readonly clock?: AgentClock;
  /** Share results of identical statements (default true); benchmarks turn it off to measure the uncached cost. */
  readonly cacheResults?: boolean;
  readonly onToolError?: (error: unknown, intent: string) => void;
}

export interface LocalAgent {
  readonly agent: OfflineAgent;
  close(): void;
}

/**
 * The offline agent on the local lake, with the tools the Bedrock Agent gets: guarded SQL in the read-only
 * sandbox, GetTrends on the same sandbox, and SearchPosts on the local knowledge index.
 */
export async function openLocalAgent(options: LocalAgentOptions): Promise<LocalAgent> {
  const sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(options.lakeFile), memoryLimit: options.memoryLimit ?? '1GB', threads: options.threads ?? 2 });
  const clock = options.clock ?? systemAgentClock;
  // The sandbox sees the lake as of its open, so identical statements may share results (see CachingSqlTool).
  const guarded = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
  const sql = options.cacheResults === false ? guarded : new CachingSqlTool(guarded, clock);
  const trends = new GetTrendsTool(new GetTrends(new DuckDbTrendsSource(sandbox), () => clock.now()));
  const agent = new OfflineAgent({ sql, trends, knowledge: knowledgeSearch(sql, options.knowledgeBase) }, clock, { onToolError: options.onToolError });
  return { agent, close: () => sandbox.close() };
}

function knowledgeSearch(sql: SqlTool, knowledgeBase: LocalAgentOptions['knowledgeBase']): KnowledgeSearch {
  const keywords = new SqlKeywordSearch(sql);
  if (!knowledgeBase) return keywords;
  const indexed = new SearchPostsKnowledgeSearch(new SearchPosts(knowledgeBase));
  return {
    // The index follows the sync manifest's revision, so a `kb sync` while serving is picked up.
    search: async (text, filters, limit) => ((await knowledgeBase.size()) > 0 ? indexed : keywords).search(text, filters, limit),
  };
}
