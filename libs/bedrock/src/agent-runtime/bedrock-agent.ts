import { BedrockAgentRuntimeClient, InvokeAgentCommand, type Citation } from '@aws-sdk/client-bedrock-agent-runtime';
import {
  type AgentAnswer,
  AgentInvocationError,
  type AgentPort,
  type AnswerSource,
  confidenceFor,
} from '@instalake/agent';
import { mapInvokeAgentError } from './invoke-agent-errors';

export interface BedrockAgentOptions {
  readonly client: BedrockAgentRuntimeClient;
  readonly agentId: string;
  readonly agentAliasId: string;
  /** Whole-turn time limit (API Gateway's integration limit is 29 s by default); past it the turn is cancelled -> 504. */
  readonly timeoutMs?: number;
  /** Structured logger; gets ids, sizes and durations only, never the user's text or the answer. */
  readonly logger?: { info(message: string, fields?: Record<string, unknown>): void };
}

/**
 * AgentPort on a Bedrock Agent: InvokeAgent with the caller's sessionId (Bedrock keeps the conversation),
 * the streamed completion chunks assembled into one answer, knowledge-base citations as sources.
 */
export class BedrockAgent implements AgentPort {
  readonly kind = 'bedrock';

  constructor(private readonly options: BedrockAgentOptions) {}

  async ask(sessionId: string, text: string): Promise<AgentAnswer> {
    const started = Date.now();
    const timeoutMs = this.options.timeoutMs ?? 28_000;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const decoder = new TextDecoder();
    let response = '';
    const sources: AnswerSource[] = [];
    let chunks = 0;
    try {
      const output = await this.options.client.send(
        new InvokeAgentCommand({
          agentId: this.options.agentId,
          agentAliasId: this.options.agentAliasId,
          sessionId,
          inputText: text,
          enableTrace: false,
        }),
        { abortSignal: abort.signal },
      );
      if (!output.completion)
        throw new AgentInvocationError(
          'upstream',
          'AGENT_EMPTY_RESPONSE',
          'The Bedrock Agent returned no completion stream. Check the agent alias is prepared and try again.',
        );
      for await (const event of output.completion) {
        if (event.chunk) {
          chunks++;
          if (event.chunk.bytes) response += decoder.decode(event.chunk.bytes, { stream: true });
          for (const citation of event.chunk.attribution?.citations ?? []) addCitation(sources, citation);
        }
      }
      response += decoder.decode();
    } catch (error) {
      if (error instanceof AgentInvocationError) throw error;
      throw mapInvokeAgentError(error, { timedOut: abort.signal.aborted, timeoutMs });
    } finally {
      clearTimeout(timer);
    }
    this.options.logger?.info('bedrock agent answered', {
      sessionId,
      chunks,
      sources: sources.length,
      chars: response.length,
      durationMs: Date.now() - started,
    });
    const stated = /confidence\W{0,5}(HIGH|MEDIUM|LOW)\b/i.exec(response)?.[1]?.toUpperCase() as
      AgentAnswer['confidence'] | undefined;
    return { response: response.trim(), sources, confidence: stated ?? confidenceFor(sources.length) };
  }
}

function addCitation(sources: AnswerSource[], citation: Citation): void {
  for (const ref of citation.retrievedReferences ?? []) {
    const location = ref.location?.s3Location?.uri ?? ref.location?.webLocation?.url ?? ref.location?.type;
    const meta = (ref.metadata ?? {}) as Record<string, unknown>;
    const postUrl = typeof meta.post_url === 'string' ? meta.post_url : undefined;
    const postId = typeof meta.post_id === 'string' ? meta.post_id : undefined;
    const source: AnswerSource = {
      type: 'knowledge',
      title: postId
        ? `post ${postId}${typeof meta.creator === 'string' ? ` by @${meta.creator}` : ''}`
        : 'knowledge base document',
      ...(location ? { detail: location } : {}),
      ...(postUrl ? { uri: postUrl } : {}),
    };
    if (!sources.some((s) => s.title === source.title && s.detail === source.detail)) sources.push(source);
  }
}
