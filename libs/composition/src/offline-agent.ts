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
  type AgentTools,
  type KnowledgeSearch,
  type SqlTool,
} from '@instalake/agent';
import type { OfflineAgentChoice, OpenedAgent } from './agent';
import type { Knowledge } from './knowledge';
import { openQueryTools } from './query-tools';

/**
 * The offline agent with the tools the Bedrock Agent gets: guarded SQL and trends in the read-only sandbox, post
 * search in the knowledge index. Results are keyed on the sandbox's generation, so a refreshed snapshot is never
 * answered from results computed on the previous one.
 */
export async function openOfflineAgent(choice: OfflineAgentChoice): Promise<OpenedAgent> {
  const { tools, clock, close } = await openAgentTools(choice);
  const agent = new OfflineAgent(tools, clock, { onToolError: choice.onToolError });
  return { agent, close };
}

/** The three tools every local agent calls (the offline planner, a language model), on one sandbox. */
export async function openAgentTools(
  choice: Omit<OfflineAgentChoice, 'kind'>,
): Promise<{ tools: AgentTools; clock: AgentClock; close: () => void }> {
  const clock = choice.clock ?? systemAgentClock;
  const tools = await openQueryTools({ today: () => clock.now(), ...choice.tools });
  const guarded = new GuardedSqlTool(tools.guardSql);
  const trendsTool = new GetTrendsTool(tools.getTrends);
  const cache = choice.cacheResults !== false;
  const generation = () => tools.generation();
  const sql = cache ? new CachingSqlTool(guarded, clock, { generation }) : guarded;
  const trends = cache ? new CachingTrendsTool(trendsTool, clock, { generation }) : trendsTool;
  const knowledge = knowledgeSearch(sql, choice.knowledge);
  return { tools: { sql, trends, knowledge }, clock, close: () => tools.close() };
}

function knowledgeSearch(sql: SqlTool, knowledge: Knowledge | undefined): KnowledgeSearch {
  const keywords = new SqlKeywordSearch(sql);
  if (!knowledge) return keywords;
  const indexed = new SearchPostsKnowledgeSearch(knowledge.searchPosts);
  return {
    search: async (text, filters, limit) =>
      ((await knowledge.hasDocuments()) ? indexed : keywords).search(text, filters, limit),
  };
}
