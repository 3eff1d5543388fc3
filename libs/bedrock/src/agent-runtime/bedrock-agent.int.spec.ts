import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { AgentInvocationError } from '@instalake/agent';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BedrockAgent } from './bedrock-agent';

const utf8 = {
  toUtf8: (b: Uint8Array) => Buffer.from(b).toString('utf8'),
  fromUtf8: (s: string) => new Uint8Array(Buffer.from(s, 'utf8')),
};
const codec = new EventStreamCodec(utf8.toUtf8, utf8.fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });

function event(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: { ':message-type': str('event'), ':event-type': str(eventType), ':content-type': str('application/json') },
    body: utf8.fromUtf8(JSON.stringify(body)),
  });
}
function exception(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': str('exception'),
      ':exception-type': str(type),
      ':content-type': str('application/json'),
    },
    body: utf8.fromUtf8(JSON.stringify({ message })),
  });
}
const chunk = (text: string, attribution?: unknown) =>
  event('chunk', { bytes: Buffer.from(text).toString('base64'), ...(attribution ? { attribution } : {}) });

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

describe('BedrockAgent (real InvokeAgent client, local event-stream endpoint)', () => {
  let server: Server;
  let behaviour: Behaviour;
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  let client: BedrockAgentRuntimeClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', body: raw ? JSON.parse(raw) : {} });
        behaviour(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    client = new BedrockAgentRuntimeClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => (requests.length = 0));

  const stream =
    (...messages: Uint8Array[]): Behaviour =>
    (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amz-bedrock-agent-session-id': 's-1',
      });
      for (const m of messages) res.write(m);
      res.end();
    };
  const httpError =
    (status: number, type: string, message: string): Behaviour =>
    (_req, res) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      });
      res.end(JSON.stringify({ message }));
    };
  const agent = (timeoutMs?: number) =>
    new BedrockAgent({ client, agentId: 'AGENT1234', agentAliasId: 'ALIAS5678', timeoutMs });

  it('sends agentId, aliasId, sessionId and inputText, and assembles the streamed chunks', async () => {
    behaviour = stream(chunk('Top post: @joes_pizza with 1,200 likes. '), chunk('Confidence: MEDIUM 🍕'));
    const answer = await agent().ask('session-42', 'Top 10 posts by likes in NYC');
    expect(requests[0].path).toBe('/agents/AGENT1234/agentAliases/ALIAS5678/sessions/session-42/text');
    expect(requests[0].body).toMatchObject({ inputText: 'Top 10 posts by likes in NYC' });
    expect(answer.response).toBe('Top post: @joes_pizza with 1,200 likes. Confidence: MEDIUM 🍕');
    expect(answer.confidence).toBe('MEDIUM');
    expect(answer.sources).toEqual([]);
  });

  it('returns knowledge-base citations as sources (de-duplicated, post urls kept)', async () => {
    const ref = (id: string) => ({
      content: { text: `Caption: pasta ${id}` },
      location: { type: 'S3', s3Location: { uri: `s3://kb-bucket/posts/${id}.txt` } },
      metadata: { post_id: id, creator: 'joes_pizza', post_url: `https://instagram.com/p/${id}` },
    });
    const attribution = {
      citations: [
        {
          generatedResponsePart: { textResponsePart: { text: 'x', span: { start: 0, end: 1 } } },
          retrievedReferences: [ref('p1'), ref('p2')],
        },
      ],
    };
    behaviour = stream(
      chunk('Similar posts: p1 and p2.', attribution),
      chunk(' And p1 again.', { citations: [{ retrievedReferences: [ref('p1')] }] }),
    );
    const answer = await agent().ask('s-2', "Find posts similar to 'rustic pasta plating'");
    expect(answer.sources).toEqual([
      {
        type: 'knowledge',
        title: 'post p1 by @joes_pizza',
        detail: 's3://kb-bucket/posts/p1.txt',
        uri: 'https://instagram.com/p/p1',
      },
      {
        type: 'knowledge',
        title: 'post p2 by @joes_pizza',
        detail: 's3://kb-bucket/posts/p2.txt',
        uri: 'https://instagram.com/p/p2',
      },
    ]);
    expect(answer.confidence).toBe('LOW'); // no stated confidence: by data points (2 sources)
  });

  it.each([
    ['ThrottlingException', 429, 'throttled', 'AGENT_THROTTLED'],
    ['ServiceQuotaExceededException', 429, 'throttled', 'AGENT_THROTTLED'],
    ['ValidationException', 400, 'invalid-request', 'AGENT_INVALID_REQUEST'],
    ['AccessDeniedException', 403, 'upstream', 'AGENT_ACCESS_DENIED'],
    ['ResourceNotFoundException', 404, 'upstream', 'AGENT_RESOURCE_NOT_FOUND'],
    ['DependencyFailedException', 424, 'upstream', 'AGENT_DEPENDENCY_FAILED'],
    ['BadGatewayException', 502, 'upstream', 'AGENT_BAD_GATEWAY'],
    ['InternalServerException', 500, 'upstream', 'AGENT_INTERNAL_SERVER'],
  ])('%s (HTTP %d) -> %s', async (type, httpStatus, kind, code) => {
    behaviour = httpError(httpStatus as number, type as string, 'upstream said no');
    const error = await agent()
      .ask('s-3', 'q')
      .catch((e) => e);
    expect(error).toBeInstanceOf(AgentInvocationError);
    expect(error).toMatchObject({ kind, code });
  });

  // The HTTP status of each code is the transport's ERROR_TABLE (apps/proxy-lambda/src/agent-errors.spec.ts).
  it.each([
    ['throttlingException', 'AGENT_THROTTLED'],
    ['validationException', 'AGENT_INVALID_REQUEST'],
    ['dependencyFailedException', 'AGENT_DEPENDENCY_FAILED'],
    ['badGatewayException', 'AGENT_BAD_GATEWAY'],
    ['accessDeniedException', 'AGENT_ACCESS_DENIED'],
  ])('event-stream %s mid-answer -> %s', async (type, code) => {
    behaviour = stream(chunk('partial '), exception(type as string, 'stream failed'));
    const error = await agent()
      .ask('s-4', 'q')
      .catch((e) => e);
    expect(error).toBeInstanceOf(AgentInvocationError);
    expect(error.code).toBe(code);
  });

  it('cancels a turn that outlives the time limit -> AGENT_TIMEOUT', async () => {
    behaviour = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.write(chunk('thinking...'));
      // never ends
    };
    const error = await agent(300)
      .ask('s-5', 'q')
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'timeout', code: 'AGENT_TIMEOUT' });
    expect(error.message).toContain('300 ms');
  });

  it('never logs the user text or the answer', async () => {
    const lines: string[] = [];
    behaviour = stream(chunk('secret answer'));
    const logged = new BedrockAgent({
      client,
      agentId: 'A',
      agentAliasId: 'B',
      logger: { info: (m, f) => lines.push(JSON.stringify([m, f])) },
    });
    await logged.ask('s-6', 'my private question');
    expect(lines).toHaveLength(1);
    expect(lines.join()).not.toMatch(/private question|secret answer/);
  });
});
