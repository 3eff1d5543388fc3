import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One model turn as a Chat Completions server sent it: the chunks of its stream (`chat.completion.chunk`
 * objects), or an HTTP error.
 */
export interface RecordedTurn {
  /** The request it answers: the last user message contains this text (any case)... */
  readonly user: string;
  /** ...and this many tool results follow that message (0: the model's first turn). */
  readonly afterToolResults?: number;
  readonly chunks?: readonly Record<string, unknown>[];
  /** A stream transcript sent byte for byte (`data: {...}` lines, `data: [DONE]`), as recorded from a server. */
  readonly sse?: string;
  /** Wait this long before answering (time-out tests). */
  readonly delayMs?: number;
  readonly status?: number;
  readonly error?: Record<string, unknown>;
}

export interface RecordedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: {
    model?: string;
    stream?: boolean;
    messages: { role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
    tools?: { type: string; function: { name: string; description?: string } }[];
  };
}

/**
 * A local HTTP server that speaks the OpenAI Chat Completions protocol (POST /v1/chat/completions, SSE streaming
 * with `data:` lines and `[DONE]`, or one JSON completion) and replays recorded turns. For tests of the real client.
 */
export class ChatCompletionsFake {
  readonly requests: RecordedRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly turns: readonly RecordedTurn[],
    private readonly apiKey: string | undefined,
  ) {}

  static async start(turns: readonly RecordedTurn[], options: { apiKey?: string } = {}): Promise<ChatCompletionsFake> {
    const holder: { fake?: ChatCompletionsFake } = {};
    const server = createServer((req, res) => void holder.fake!.handle(req, res));
    const fake = new ChatCompletionsFake(server, turns, options.apiKey);
    holder.fake = fake;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL a client is given (`.../v1`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
      return send(res, 404, { error: { message: 'not found' } });
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`)
      return send(res, 401, {
        error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
      });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
    this.requests.push({ headers: req.headers, body });
    const lastUser = body.messages.map((m) => m.role).lastIndexOf('user');
    const user = String(body.messages[lastUser]?.content ?? '').toLowerCase();
    const toolResults = body.messages.slice(lastUser + 1).filter((m) => m.role === 'tool').length;
    const turn = this.turns.find(
      (t) => user.includes(t.user.toLowerCase()) && (t.afterToolResults ?? 0) === toolResults,
    );
    if (!turn)
      return send(res, 500, { error: { message: `no recorded turn for "${user}" after ${toolResults} tool results` } });
    if (turn.delayMs) await new Promise((resolve) => setTimeout(resolve, turn.delayMs));
    if (res.destroyed) return;
    if (turn.status) return send(res, turn.status, turn.error ?? { error: { message: 'recorded error' } });
    if (turn.sse) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      return void res.end(turn.sse);
    }
    const recorded = turn.chunks ?? [];
    if (!body.stream) return send(res, 200, assemble(recorded));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const chunk of recorded) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    res.end('data: [DONE]\n\n');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface Delta {
  role?: string;
  content?: string | null;
  tool_calls?: { index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }[];
}

/** The non-streaming completion the recorded chunks add up to (what the server answers when stream is false). */
function assemble(chunks: readonly Record<string, unknown>[]): Record<string, unknown> {
  let content: string | null = null;
  let finish: string | null = null;
  const calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  for (const chunk of chunks) {
    const choice = (chunk.choices as { delta: Delta; finish_reason?: string | null }[] | undefined)?.[0];
    if (!choice) continue;
    if (choice.delta.content) content = (content ?? '') + choice.delta.content;
    for (const d of choice.delta.tool_calls ?? []) {
      const call = (calls[d.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (d.id) call.id = d.id;
      if (d.function?.name) call.function.name += d.function.name;
      if (d.function?.arguments) call.function.arguments += d.function.arguments;
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  const first = chunks[0] ?? {};
  return {
    id: first.id ?? 'chatcmpl-fake',
    object: 'chat.completion',
    created: first.created ?? 0,
    model: first.model ?? 'fake',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: finish ?? 'stop',
      },
    ],
  };
}

/**
 * Chunks of one streamed turn in OpenAI's own shape: the role first, then text in pieces, or each tool call with
 * its name and then its arguments in pieces (indexed deltas), then the finish reason.
 */
export function openAiStyleChunks(
  turn: { content?: string; toolCalls?: { id: string; name: string; arguments: string }[] },
  model = 'gpt-4o-mini',
): Record<string, unknown>[] {
  const base = {
    id: 'chatcmpl-9x1',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model,
    system_fingerprint: 'fp_44709d6fcb',
  };
  const chunk = (delta: Delta, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out = [chunk({ role: 'assistant', content: turn.toolCalls?.length ? null : '' })];
  if (turn.toolCalls?.length) {
    turn.toolCalls.forEach((c, index) => {
      out.push(
        chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }),
      );
      for (let i = 0; i < c.arguments.length; i += 24)
        out.push(chunk({ tool_calls: [{ index, function: { arguments: c.arguments.slice(i, i + 24) } }] }));
    });
    out.push(chunk({}, 'tool_calls'));
  } else {
    for (const piece of (turn.content ?? '').match(/[\s\S]{1,16}/g) ?? []) out.push(chunk({ content: piece }));
    out.push(chunk({}, 'stop'));
  }
  return out;
}

/** The same turn as Ollama's OpenAI-compatible endpoint streams it: each tool call whole, in one delta. */
export function ollamaStyleChunks(
  turn: { content?: string; toolCalls?: { id: string; name: string; arguments: string }[] },
  model = 'llama3.1',
): Record<string, unknown>[] {
  const base = {
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model,
    system_fingerprint: 'fp_ollama',
  };
  if (turn.toolCalls?.length)
    return [
      {
        ...base,
        choices: [
          {
            index: 0,
            delta: {
              role: 'assistant',
              content: '',
              tool_calls: turn.toolCalls.map((c, index) => ({
                id: c.id,
                index,
                type: 'function',
                function: { name: c.name, arguments: c.arguments },
              })),
            },
            finish_reason: null,
          },
        ],
      },
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'tool_calls' }] },
    ];
  return [
    ...(turn.content ?? '').split(/(?<= )/).map((piece) => ({
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: piece }, finish_reason: null }],
    })),
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }] },
  ];
}
