import type { AgentClock, AgentPort } from '@instalake/agent';
import type { Knowledge } from './knowledge';
import type { QueryToolsOptions } from './query-tools';

/** Which agent answers: the offline planner over the lake's tools, or a Bedrock Agent (by id and alias). */
export type AgentChoice = OfflineAgentChoice | BedrockAgentChoice;

export interface OfflineAgentChoice {
  readonly kind: 'offline';
  /** The lake its guarded SQL and trends tools read, and how. */
  readonly tools: QueryToolsOptions;
  /** Indexed post search; without it (or until it has documents) similar posts are found by SQL keywords. */
  readonly knowledge?: Knowledge;
  /** Share results of identical tool calls (default true); benchmarks turn it off to measure the uncached cost. */
  readonly cacheResults?: boolean;
  readonly clock?: AgentClock;
  /** Reports a failed tool call (no user text); the user gets a helpful answer instead. */
  readonly onToolError?: (error: unknown, intent: string) => void;
}

export interface BedrockAgentChoice {
  readonly kind: 'bedrock';
  readonly agentId: string;
  readonly agentAliasId: string;
  /** Whole-turn time limit; below API Gateway's 29 s integration limit. */
  readonly timeoutMs?: number;
  /** A Bedrock runtime endpoint override (tests, VPC endpoints). */
  readonly endpoint?: string;
  readonly logger?: { info(message: string, fields?: Record<string, unknown>): void };
}

export interface OpenedAgent {
  readonly agent: AgentPort;
  /** Releases the lake sandbox or the SDK client. */
  close(): void;
}

/**
 * Opens the chosen agent. Each kind is loaded only when chosen, so a Bedrock-only bundle never loads DuckDB's
 * native binding (the proxy Lambda has no DuckDB layer).
 */
export async function openAgent(choice: AgentChoice): Promise<OpenedAgent> {
  if (choice.kind === 'bedrock') return (await import('./bedrock-agent')).openBedrockAgent(choice);
  return (await import('./offline-agent')).openOfflineAgent(choice);
}
