import type { AnswerData, AnswerSource, Confidence } from '../api/query-response';

/** One answered conversation turn, whatever agent produced it. */
export interface AgentAnswer {
  readonly response: string;
  readonly sources: readonly AnswerSource[];
  readonly confidence: Confidence;
  readonly data?: AnswerData;
}

/** Answers a conversation turn: the offline agent locally, the Bedrock Agent in AWS. */
export interface AgentPort {
  /** Short name for health output and logs (`local`, `bedrock`). */
  readonly kind: string;
  ask(sessionId: string, text: string): Promise<AgentAnswer>;
}
