import { ChatModelError, type ChatMessage, LAKE_TOOLS } from '@instalake/agent';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatCompletionsFake, ollamaStyleChunks, openAiStyleChunks } from './chat-completions-fake';
import { OpenAiChatModel } from './openai-chat-model';

const SQL = '{"sql": "SELECT creator, likes FROM posts ORDER BY likes DESC LIMIT 3"}';
const transcript = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('OpenAiChatModel (official openai client against a Chat Completions protocol fake)', () => {
  const fakes: ChatCompletionsFake[] = [];
  afterAll(async () => Promise.all(fakes.map((f) => f.close())));
  async function serve(...turns: Parameters<typeof ChatCompletionsFake.start>[0]) {
    const fake = await ChatCompletionsFake.start(turns, { apiKey: 'sk-test-key' });
    fakes.push(fake);
    return fake;
  }
  const model = (fake: ChatCompletionsFake, extra: Partial<ConstructorParameters<typeof OpenAiChatModel>[0]> = {}) =>
    new OpenAiChatModel({ baseURL: fake.url, model: 'gpt-4o-mini', apiKey: 'sk-test-key', maxRetries: 0, ...extra });
  const question: ChatMessage[] = [
    { role: 'system', content: 'rules' },
    { role: 'user', content: 'Top 3 posts by likes?' },
  ];

  it.each([
    [
      'an OpenAI stream transcript (arguments in indexed pieces)',
      'openai-tool-call.sse',
      'call_DdmO9pD3xa9XTPNJ32zg2hcA',
    ],
    ['an Ollama stream transcript (the whole call in one delta)', 'ollama-tool-call.sse', 'call_ytsq5gqn'],
  ])('assembles a tool call from %s', async (_, file, id) => {
    const fake = await serve({ user: 'top 3', sse: transcript(file) });
    const turn = await model(fake).complete(question, LAKE_TOOLS);
    expect(turn).toEqual({
      content: null,
      toolCalls: [{ id, name: 'run_sql', arguments: SQL }],
      finishReason: 'tool_calls',
    });
  });

  it('sends the model, the messages, the tools and the key; hands tool results back in protocol form', async () => {
    const fake = await serve(
      { user: 'top 3', chunks: openAiStyleChunks({ toolCalls: [{ id: 'call_1', name: 'run_sql', arguments: SQL }] }) },
      { user: 'top 3', afterToolResults: 1, chunks: openAiStyleChunks({ content: '@a leads with 300 likes.' }) },
    );
    const m = model(fake);
    const first = await m.complete(question, LAKE_TOOLS);
    const second = await m.complete(
      [
        ...question,
        { role: 'assistant', content: null, toolCalls: first.toolCalls },
        { role: 'tool', toolCallId: 'call_1', content: '{"rows":[{"likes":300}]}' },
      ],
      LAKE_TOOLS,
    );
    expect(second).toEqual({ content: '@a leads with 300 likes.', toolCalls: [], finishReason: 'stop' });
    const [req1, req2] = fake.requests;
    expect(req1.headers.authorization).toBe('Bearer sk-test-key');
    expect(req1.body).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'system' }, { role: 'user' }],
    });
    expect(req1.body.tools!.map((t) => t.function.name)).toEqual(['run_sql', 'get_trends', 'search_posts']);
    expect(req2.body.messages.slice(2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'run_sql', arguments: SQL } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"rows":[{"likes":300}]}' },
    ]);
  });

  it('streams Ollama-style text and tool calls, and also works without streaming', async () => {
    const fake = await serve(
      {
        user: 'top 3',
        chunks: ollamaStyleChunks({ toolCalls: [{ id: 'c1', name: 'get_trends', arguments: '{"city":"NYC"}' }] }),
      },
      { user: 'hello', chunks: ollamaStyleChunks({ content: 'No tool needed here.' }) },
    );
    expect((await model(fake).complete(question, LAKE_TOOLS)).toolCalls).toEqual([
      { id: 'c1', name: 'get_trends', arguments: '{"city":"NYC"}' },
    ]);
    const text = await model(fake, { stream: false }).complete([{ role: 'user', content: 'hello' }], []);
    expect(text).toEqual({ content: 'No tool needed here.', toolCalls: [], finishReason: 'stop' });
    expect(fake.requests.at(-1)!.body.stream).toBe(false);
    expect(fake.requests.at(-1)!.body.tools).toBeUndefined();
  });

  it.each<[string, Parameters<typeof ChatCompletionsFake.start>[0][number], string]>([
    ['a wrong key', { user: 'top 3', status: 401, error: { error: { message: 'bad key' } } }, 'rejected'],
    ['throttling', { user: 'top 3', status: 429, error: { error: { message: 'slow down' } } }, 'rate-limited'],
    ['a server error', { user: 'top 3', status: 500, error: { error: { message: 'boom' } } }, 'unreachable'],
    ['a broken stream', { user: 'top 3', sse: 'data: {not json\n\n' }, 'bad-response'],
  ])('maps %s to a ChatModelError', async (_, turn, failure) => {
    const fake = await serve(turn);
    await expect(model(fake).complete(question, LAKE_TOOLS)).rejects.toMatchObject({ name: 'ChatModelError', failure });
  });

  it('reports an unreachable server and a time-out', async () => {
    const gone = new OpenAiChatModel({ baseURL: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'k', maxRetries: 0 });
    await expect(gone.complete(question, [])).rejects.toMatchObject({ failure: 'unreachable' });
    const slow = await serve({ user: 'top 3', delayMs: 2000, chunks: openAiStyleChunks({ content: 'late' }) });
    const err = await model(slow, { timeoutMs: 200 })
      .complete(question, [])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatModelError);
    expect((err as ChatModelError).failure).toBe('timeout');
  });
});
