import type { ChatMessage, ChatModel, ChatTurn, ToolSpec } from '@instalake/agent';
import { ChatModelError } from '@instalake/agent';
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export interface OpenAiChatModelOptions {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama). */
  readonly baseURL: string;
  readonly model: string;
  /** Local servers accept any key; hosted ones need theirs. Never logged. */
  readonly apiKey: string;
  /** One request's time limit (default 60 s). */
  readonly timeoutMs?: number;
  /** Retries of a failed request by the client (default 1). */
  readonly maxRetries?: number;
  /** Stream the answer (default true); some servers only tool-call without streaming. */
  readonly stream?: boolean;
  /** Extra options for tests (a custom fetch). */
  readonly fetch?: typeof fetch;
}

/**
 * The ChatModel port on the OpenAI Chat Completions API through the official `openai` client: streaming with
 * tool calls assembled from their indexed deltas (the client's ChatCompletionStream), or one JSON answer.
 * Failures map to ChatModelError so the agent can fall back.
 */
export class OpenAiChatModel implements ChatModel {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly stream: boolean;
  private readonly timeoutMs: number;

  constructor(options: OpenAiChatModelOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.stream = options.stream ?? true;
    this.client = new OpenAI({
      baseURL: options.baseURL,
      apiKey: options.apiKey,
      timeout: this.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
      // Failures reach the agent as ChatModelError and are reported there; the client prints nothing itself.
      logLevel: 'off',
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  async complete(messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Promise<ChatTurn> {
    const params = {
      model: this.model,
      messages: messages.map(toParam),
      temperature: 0,
      ...(tools.length ? { tools: tools.map(toTool), tool_choice: 'auto' as const } : {}),
    };
    let completion: ChatCompletion;
    const started = Date.now();
    try {
      completion = this.stream
        ? await this.client.chat.completions.stream({ ...params, stream: true }).finalChatCompletion()
        : await this.client.chat.completions.create({ ...params, stream: false });
    } catch (error) {
      // Some runtimes report an aborted fetch as a plain connection error: the clock tells a time-out apart.
      const timedOut = error instanceof APIConnectionError && Date.now() - started >= this.timeoutMs * 0.9;
      throw timedOut
        ? new ChatModelError('timeout', `No answer within ${this.timeoutMs} ms.`, { cause: error })
        : toModelError(error);
    }
    const choice = completion.choices?.[0];
    if (!choice?.message) throw new ChatModelError('bad-response', 'The model answered without a message.');
    const toolCalls = (choice.message.tool_calls ?? [])
      .filter((c) => c.type === 'function')
      .map((c, i) => ({
        id: c.id || `call_${i}`,
        name: 'function' in c ? c.function.name : '',
        arguments: 'function' in c ? (c.function.arguments ?? '') : '',
      }));
    return {
      content: choice.message.content ?? null,
      toolCalls,
      ...(choice.finish_reason ? { finishReason: choice.finish_reason } : {}),
    };
  }
}

function toParam(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? {
              tool_calls: message.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toTool(tool: ToolSpec): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } },
  };
}

function toModelError(error: unknown): ChatModelError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof APIConnectionTimeoutError) return new ChatModelError('timeout', message, { cause: error });
  if (error instanceof APIConnectionError) return new ChatModelError('unreachable', message, { cause: error });
  if (error instanceof RateLimitError) return new ChatModelError('rate-limited', message, { cause: error });
  if (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof BadRequestError
  )
    return new ChatModelError('rejected', message, { cause: error });
  if (error instanceof APIError) return new ChatModelError('unreachable', message, { cause: error });
  return new ChatModelError('bad-response', message, { cause: error });
}
