/** A message of a chat with a language model that calls tools (the OpenAI Chat Completions shape, simplified). */
export type ChatMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string | null; readonly toolCalls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly content: string };

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** JSON text as the model wrote it (it may be malformed). */
  readonly arguments: string;
}

/** A function the model may call: name, what it does, and the JSON Schema of its arguments. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What the model answered: text, or tool calls to run before it answers. */
export interface ChatTurn {
  readonly content: string | null;
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason?: string;
}

export type ChatModelFailure = 'unreachable' | 'timeout' | 'rejected' | 'rate-limited' | 'bad-response';

/** The model could not give a turn (network, time-out, refused request, unreadable answer). */
export class ChatModelError extends Error {
  constructor(
    readonly failure: ChatModelFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChatModelError';
  }
}

/** A language model with tool calling: any server speaking the OpenAI Chat Completions API, or a fake. */
export interface ChatModel {
  /** Model name for logs and answers. */
  readonly model: string;
  complete(messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Promise<ChatTurn>;
}

export const CHAT_MODEL = Symbol.for('instalake.ChatModel');

/** Fake for unit tests: plays scripted turns in order (a function sees the conversation so far). */
export class ScriptedChatModel implements ChatModel {
  readonly model = 'scripted';
  readonly requests: (readonly ChatMessage[])[] = [];
  private readonly turns: ((messages: readonly ChatMessage[]) => ChatTurn | Error)[];

  constructor(turns: readonly (ChatTurn | Error | ((messages: readonly ChatMessage[]) => ChatTurn | Error))[]) {
    this.turns = turns.map((t) => (typeof t === 'function' ? t : () => t));
  }

  async complete(messages: readonly ChatMessage[]): Promise<ChatTurn> {
    this.requests.push([...messages]);
    const next = this.turns.shift();
    if (!next) throw new ChatModelError('bad-response', 'ScriptedChatModel: no scripted turn left');
    const turn = next(messages);
    if (turn instanceof Error) throw turn;
    return turn;
  }
}
