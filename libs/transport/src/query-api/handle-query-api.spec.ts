import { AgentInvocationError, type AgentPort } from '@instalake/agent';
import { InstalakeError } from '@instalake/errors';
import { HandleQueryApi } from './handle-query-api';

class EchoAgent implements AgentPort {
  readonly kind = 'echo';
  readonly asked: [string, string][] = [];
  failure?: Error;
  async ask(sessionId: string, text: string) {
    this.asked.push([sessionId, text]);
    if (this.failure) throw this.failure;
    return { response: `echo ${text}`, sources: [{ type: 'sql' as const, title: 't' }], confidence: 'LOW' as const };
  }
}

describe('HandleQueryApi', () => {
  const agent = new EchoAgent();
  const api = new HandleQueryApi(agent);
  const post = (body: string, extra: object = {}) => api.handle({ method: 'POST', path: '/api/query', body, ...extra });
  const errorOf = (r: { body: string }) => JSON.parse(r.body).error;

  beforeEach(() => (agent.failure = undefined));

  it('answers a valid query with the contract shape', async () => {
    const r = await post(JSON.stringify({ sessionId: 'abc-1', query: 'Top posts in NYC' }));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({
      sessionId: 'abc-1',
      response: 'echo Top posts in NYC',
      sources: [{ type: 'sql', title: 't' }],
      confidence: 'LOW',
    });
    expect(r.headers['content-type']).toMatch(/application\/json/);
  });

  it.each([
    ['not json', 'MALFORMED_JSON', undefined],
    ['[1,2]', 'MALFORMED_JSON', undefined],
    [JSON.stringify({ query: 'q' }), 'VALIDATION_FAILED', 'sessionId'],
    [JSON.stringify({ sessionId: 'a', query: 'q' }), 'VALIDATION_FAILED', 'sessionId'],
    [JSON.stringify({ sessionId: 'bad id!', query: 'q' }), 'VALIDATION_FAILED', 'sessionId'],
    [JSON.stringify({ sessionId: 'x'.repeat(101), query: 'q' }), 'VALIDATION_FAILED', 'sessionId'],
    [JSON.stringify({ sessionId: 42, query: 'q' }), 'VALIDATION_FAILED', 'sessionId'],
    [JSON.stringify({ sessionId: 'ok-1' }), 'VALIDATION_FAILED', 'query'],
    [JSON.stringify({ sessionId: 'ok-1', query: '   ' }), 'VALIDATION_FAILED', 'query'],
    [JSON.stringify({ sessionId: 'ok-1', query: 7 }), 'VALIDATION_FAILED', 'query'],
    [JSON.stringify({ sessionId: 'ok-1', query: 'x'.repeat(25_001) }), 'VALIDATION_FAILED', 'query'],
  ])('400 for case %#', async (body, code, field) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code, ...(field ? { field } : {}) });
    expect(errorOf(r).message.length).toBeGreaterThan(5);
  });

  it('accepts the longest allowed query and session id', async () => {
    const r = await post(JSON.stringify({ sessionId: 'a'.repeat(100), query: 'q'.repeat(25_000) }));
    expect(r.status).toBe(200);
  });

  it('404 unknown route, 405 with Allow, 413 too large', async () => {
    expect((await api.handle({ method: 'GET', path: '/api/nope' })).status).toBe(404);
    const wrong = await api.handle({ method: 'GET', path: '/api/query' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    const big = await post(JSON.stringify({ sessionId: 'ok-1', query: 'x'.repeat(200_000) }));
    expect(big.status).toBe(413);
  });

  it('serves health', async () => {
    const r = await api.handle({ method: 'GET', path: '/api/health/' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok', agent: 'echo' });
  });

  it.each([
    ['throttled', 'AGENT_THROTTLED', 429],
    ['invalid-request', 'AGENT_INVALID_REQUEST', 400],
    ['upstream', 'AGENT_UNAVAILABLE', 502],
    ['timeout', 'AGENT_TIMEOUT', 504],
  ] as const)('maps agent failure %s (%s) to %d through the error table', async (kind, code, status) => {
    agent.failure = new AgentInvocationError(kind, code, 'explained');
    const r = await post(JSON.stringify({ sessionId: 'ok-1', query: 'q' }));
    expect(r.status).toBe(status);
    expect(errorOf(r)).toEqual({ code, message: 'explained' });
  });

  it('answers an unavailable lake with 503 and the public message, never its internal detail', async () => {
    agent.failure = new InstalakeError('LAKE_UNAVAILABLE', 'Cannot open /secret/path/lake.duckdb: lock held');
    const r = await post(JSON.stringify({ sessionId: 'ok-1', query: 'q' }));
    expect(r.status).toBe(503);
    expect(errorOf(r)).toEqual({
      code: 'LAKE_UNAVAILABLE',
      message: 'The analytics lake is not available right now; try again later.',
    });
  });

  it('treats a code missing from the table as an internal error', async () => {
    agent.failure = new InstalakeError('SOMETHING_NEW', 'detail for the log only');
    const r = await post(JSON.stringify({ sessionId: 'ok-1', query: 'q' }));
    expect(r.status).toBe(500);
    expect(errorOf(r).code).toBe('INTERNAL_ERROR');
    expect(r.body).not.toContain('detail for the log');
  });

  it('500 without leaking internals on unexpected errors', async () => {
    agent.failure = new Error('secret stack detail');
    const r = await post(JSON.stringify({ sessionId: 'ok-1', query: 'q' }));
    expect(r.status).toBe(500);
    expect(r.body).not.toContain('secret');
  });

  it('requires the bearer token when configured and never logs the query text', async () => {
    const lines: unknown[] = [];
    const logger = {
      info: (m: string, f?: object) => lines.push([m, f]),
      error: (m: string, f?: object) => lines.push([m, f]),
    };
    const guarded = new HandleQueryApi(agent, { bearerToken: 's3cret', logger });
    const body = JSON.stringify({ sessionId: 'ok-1', query: 'my private question' });
    expect((await guarded.handle({ method: 'POST', path: '/api/query', body })).status).toBe(401);
    expect(
      (await guarded.handle({ method: 'POST', path: '/api/query', body, headers: { Authorization: 'Bearer wrong' } }))
        .status,
    ).toBe(401);
    expect(
      (await guarded.handle({ method: 'POST', path: '/api/query', body, headers: { authorization: 'Bearer s3cret' } }))
        .status,
    ).toBe(200);
    expect((await guarded.handle({ method: 'GET', path: '/api/health' })).status).toBe(200);
    expect(JSON.stringify(lines)).not.toContain('private question');
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});

describe('HandleQueryApi answers only safe answers, whatever the agent returned', () => {
  it('masks and unlinks before the body is written', async () => {
    const api = new HandleQueryApi({
      kind: 'fake',
      ask: async () => ({
        response: 'Call 212‑555‑0199',
        sources: [{ type: 'sql', title: 'post p1', uri: 'javascript:alert(1)' }],
        confidence: 'LOW',
      }),
    });
    const response = await api.handle({
      method: 'POST',
      path: '/api/query',
      body: JSON.stringify({ sessionId: 's-1', query: 'x' }),
    });
    expect(JSON.parse(response.body)).toMatchObject({
      response: 'Call 212****99',
      sources: [{ type: 'sql', title: 'post p1' }],
    });
    expect(response.body).not.toContain('javascript:');
  });
});
