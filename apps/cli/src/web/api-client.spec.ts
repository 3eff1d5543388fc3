import { askQuestion, QueryApiError, type QueryAnswer } from './api-client.js';

const answer: QueryAnswer = {
  sessionId: 'session-1',
  response: 'Top post: 1,204 likes.',
  sources: [{ type: 'sql', title: 'posts by likes', detail: 'SELECT 1' }],
  confidence: 'MEDIUM',
};

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof fetch;
  return { fn, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('askQuestion', () => {
  it('posts the sessionId and query as JSON and returns the answer', async () => {
    const { fn, calls } = fakeFetch(() => json(200, answer));
    await expect(askQuestion({ fetch: fn, sessionId: 'session-1', query: 'Top 10 posts in NYC' })).resolves.toEqual(
      answer,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/query');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ sessionId: 'session-1', query: 'Top 10 posts in NYC' });
    expect((calls[0].init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('joins a configured base URL and sends a bearer token when given', async () => {
    const { fn, calls } = fakeFetch(() => json(200, answer));
    await askQuestion({
      fetch: fn,
      baseUrl: 'https://api.example.com/prod/',
      sessionId: 's1',
      query: 'q',
      token: 'secret-token',
    });
    expect(calls[0].url).toBe('https://api.example.com/prod/api/query');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer secret-token');
  });

  it("surfaces the API's own error code, message and field", async () => {
    const { fn } = fakeFetch(() =>
      json(400, { error: { code: 'VALIDATION_FAILED', message: 'query must not be blank', field: 'query' } }),
    );
    const failure = askQuestion({ fetch: fn, sessionId: 's1', query: ' ' });
    await expect(failure).rejects.toBeInstanceOf(QueryApiError);
    await expect(failure).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'query must not be blank',
      field: 'query',
      status: 400,
    });
  });

  it('explains a 5xx without a JSON body by its status', async () => {
    const { fn } = fakeFetch(
      () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(askQuestion({ fetch: fn, sessionId: 's1', query: 'q' })).rejects.toMatchObject({
      code: 'HTTP_502',
      status: 502,
      message: expect.stringContaining('502 Bad Gateway'),
    });
  });

  it('turns a network failure into an actionable message', async () => {
    const { fn } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(askQuestion({ fetch: fn, sessionId: 's1', query: 'q' })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      message: expect.stringContaining('instalake serve'),
    });
  });

  it('gives up after the time limit', async () => {
    const { fn } = fakeFetch(
      ({ init }) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    await expect(askQuestion({ fetch: fn, sessionId: 's1', query: 'q', timeoutMs: 20 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('rejects a 200 whose body is not an answer', async () => {
    const { fn } = fakeFetch(() => json(200, { hello: 'world' }));
    await expect(askQuestion({ fetch: fn, sessionId: 's1', query: 'q' })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    });
  });
});
