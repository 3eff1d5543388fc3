import { tmpdir } from 'node:os';
import {
  CachingSqlTool,
  CachingTrendsTool,
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
import {
  DuckDbQueryExecutor,
  DuckDbQuerySandbox,
  DuckDbSqlParser,
  DuckDbTrendsSource,
  LocalCatalog,
  RefreshingQuerySandbox,
} from '@instalake/duckdb';
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
  /**
   * Answer from a masked snapshot of the lake that follows new loads (long-lived servers), instead of live views
   * (one-shot commands: no copy to pay for). Snapshots are written to `snapshotDirectory` (default: OS temp).
   */
  readonly snapshot?: boolean;
  readonly snapshotDirectory?: string;
  readonly snapshotCheckIntervalMs?: number;
  readonly onRefreshError?: (error: unknown) => void;
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
  const settings = {
    catalog: new LocalCatalog(options.lakeFile),
    memoryLimit: options.memoryLimit ?? '1GB',
    threads: options.threads ?? 2,
  };
  const sandbox = options.snapshot
    ? await RefreshingQuerySandbox.open({
        ...settings,
        snapshotDirectory: options.snapshotDirectory ?? tmpdir(),
        checkIntervalMs: options.snapshotCheckIntervalMs,
        onRefreshError: options.onRefreshError,
      })
    : await DuckDbQuerySandbox.open(settings);
  const clock = options.clock ?? systemAgentClock;
  // Results are computed on a snapshot (a refreshed one bumps the generation), so identical calls may share them.
  const generation = () => (sandbox instanceof RefreshingQuerySandbox ? sandbox.generation : 0);
  const guarded = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
  const trendsTool = new GetTrendsTool(new GetTrends(new DuckDbTrendsSource(sandbox), () => clock.now()));
  const cache = options.cacheResults !== false;
  const sql = cache ? new CachingSqlTool(guarded, clock, { generation }) : guarded;
  const trends = cache ? new CachingTrendsTool(trendsTool, clock, { generation }) : trendsTool;
  const agent = new OfflineAgent({ sql, trends, knowledge: knowledgeSearch(sql, options.knowledgeBase) }, clock, {
    onToolError: options.onToolError,
  });
  return { agent, close: () => sandbox.close() };
}

function knowledgeSearch(sql: SqlTool, knowledgeBase: LocalAgentOptions['knowledgeBase']): KnowledgeSearch {
  const keywords = new SqlKeywordSearch(sql);
  if (!knowledgeBase) return keywords;
  const indexed = new SearchPostsKnowledgeSearch(new SearchPosts(knowledgeBase));
  return {
    // The index follows the sync manifest's revision, so a `kb sync` while serving is picked up.
    search: async (text, filters, limit) =>
      ((await knowledgeBase.size()) > 0 ? indexed : keywords).search(text, filters, limit),
  };
}
