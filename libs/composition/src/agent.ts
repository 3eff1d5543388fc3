import type { AgentClock, AgentPort } from '@instalake/agent';
import type { Knowledge } from './knowledge';
import type { QueryToolsOptions } from './query-tools';

/**
 * Which agent answers: the offline planner over the lake's tools, a language model behind any OpenAI Chat
 * Completions server calling the same tools (the offline planner as its fallback), or a Bedrock Agent.
 */
export type AgentChoice = OfflineAgentChoice | OpenAiCompatibleAgentChoice | BedrockAgentChoice;

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

/** A Chat Completions server (OpenAI, Ollama, vLLM, LM Studio, ...) and the model it serves. */
export interface LanguageModelChoice {
  readonly baseURL: string;
  readonly model: string;
  /** Local servers accept any key. */
  readonly apiKey: string;
  /** One model request's time limit. */
  readonly timeoutMs: number;
}

export interface OpenAiCompatibleAgentChoice extends Omit<OfflineAgentChoice, 'kind'> {
  readonly kind: 'openai-compatible';
  readonly model: LanguageModelChoice;
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
  if (choice.kind === 'openai-compatible') return (await import('./openai-agent')).openOpenAiAgent(choice);
  return (await import('./offline-agent')).openOfflineAgent(choice);
}
