import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { KnowledgeBaseBusyError } from '@instalake/knowledge';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { BedrockKnowledgeBase } from './bedrock-knowledge-base';

/** A local HTTP stand-in for the Bedrock REST endpoints: checks the wire format the real SDK produces. */
describe('BedrockKnowledgeBase against a local Bedrock fake (real SDK over HTTP)', () => {
  let server: Server;
  const seen: { method: string; url: string; body: unknown }[] = [];
  let busy = false;
  let agent: BedrockAgentClient;
  let runtime: BedrockAgentRuntimeClient;

  const bodyOf = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const raw = await bodyOf(req);
      seen.push({ method: req.method!, url: req.url!, body: raw ? JSON.parse(raw) : undefined });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'PUT' && /\/ingestionjobs\/?$/.test(req.url!)) {
        if (busy) {
          res.statusCode = 409;
          res.setHeader('x-amzn-errortype', 'ConflictException');
          res.end(JSON.stringify({ message: 'There is an ongoing ingestion job' }));
          return;
        }
        res.end(
          JSON.stringify({
            ingestionJob: {
              ingestionJobId: 'JOB9',
              knowledgeBaseId: 'KB1',
              dataSourceId: 'DS1',
              status: 'IN_PROGRESS',
              startedAt: '2026-01-01T00:00:00Z',
              updatedAt: '2026-01-01T00:00:00Z',
            },
          }),
        );
        return;
      }
      if (req.method === 'POST' && req.url === '/knowledgebases/KB1/retrieve') {
        res.end(
          JSON.stringify({
            retrievalResults: [
              {
                content: { text: 'Caption: molten chocolate lava cake', type: 'TEXT' },
                location: { type: 'S3', s3Location: { uri: 's3://kb/posts/d1.txt' } },
                score: 0.71,
                metadata: {
                  post_id: 'd1',
                  creator: 'sweets',
                  likes: 900,
                  hashtags: ['dessert', 'viral'],
                  city: 'Miami',
                },
              },
            ],
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const common = {
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    };
    agent = new BedrockAgentClient(common);
    runtime = new BedrockAgentRuntimeClient(common);
  });
  afterAll(async () => {
    agent.destroy();
    runtime.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('StartIngestionJob and Retrieve travel as Bedrock expects them', async () => {
    const kb = new BedrockKnowledgeBase({
      knowledgeBaseId: 'KB1',
      dataSourceId: 'DS1',
      agentClient: agent,
      runtimeClient: runtime,
    });
    await expect(kb.startIngestion()).resolves.toEqual({ jobId: 'JOB9', status: 'IN_PROGRESS' });
    const chunks = await kb.retrieve({ query: 'viral dessert content', filters: { city: 'Miami' }, limit: 5 });
    expect(chunks).toEqual([
      {
        text: 'Caption: molten chocolate lava cake',
        score: 0.71,
        uri: 's3://kb/posts/d1.txt',
        metadata: { post_id: 'd1', creator: 'sweets', likes: 900, hashtags: ['dessert', 'viral'], city: 'Miami' },
      },
    ]);
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: '/knowledgebases/KB1/datasources/DS1/ingestionjobs/',
      body: { description: 'instalake kb sync' },
    });
    expect(seen[1]).toEqual({
      method: 'POST',
      url: '/knowledgebases/KB1/retrieve',
      body: {
        retrievalQuery: { text: 'viral dessert content' },
        retrievalConfiguration: {
          vectorSearchConfiguration: { numberOfResults: 5, filter: { equals: { key: 'city', value: 'Miami' } } },
        },
      },
    });
    busy = true;
    await expect(kb.startIngestion()).rejects.toBeInstanceOf(KnowledgeBaseBusyError);
  });
});
