import { createServer, type Http2Server } from 'node:http2';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { bundleLambda, invokeBundle } from '@instalake/lambda-bundle';
import { httpV2Event } from './fixtures/events';
const utf8 = {
  to: (b: Uint8Array) => Buffer.from(b).toString('utf8'),
  from: (s: string) => new Uint8Array(Buffer.from(s, 'utf8')),
};

/**
 * Packaging smoke test: bundle src/main.ts with the CDK app's own esbuild options, then let the BUNDLE handle a
 * recorded HTTP API event in a plain Node process, with AGENT=bedrock pointed at a local HTTP/2 endpoint that answers
 * InvokeAgent in the AWS event-stream encoding (the SDK client's default transport). Like the deployed function it
 * has no DuckDB layer: a bundle that loaded DuckDB for the Bedrock agent would fail here.
 */
describe('proxy Lambda bundle (as deployed) handles a real API Gateway event', () => {
  let dir: string;
  let server: Http2Server;
  let seenPath = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-proxy-bundle-'));
    const codec = new EventStreamCodec(utf8.to, utf8.from);
    server = createServer((req, res) => {
      seenPath = String(req.headers[':path']);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        const str = (value: string) => ({ type: 'string' as const, value });
        res.end(
          codec.encode({
            headers: {
              ':message-type': str('event'),
              ':event-type': str('chunk'),
              ':content-type': str('application/json'),
            },
            body: utf8.from(
              JSON.stringify({ bytes: Buffer.from('Bedrock says hi. Confidence: HIGH').toString('base64') }),
            ),
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('answers POST /api/query through the bundled handler, with no DuckDB beside it', async () => {
    const bundle = bundleLambda('proxy', join(dir, 'dist'));
    const { port } = server.address() as AddressInfo;
    const event = httpV2Event('POST', '/api/query', { sessionId: 'smoke-1', query: 'Top 10 posts by likes in NYC' });
    const [result] = await invokeBundle(bundle, [event], {
      env: {
        AGENT: 'bedrock',
        AGENT_ID: 'AGENT12345',
        AGENT_ALIAS_ID: 'ALIAS12345',
        BEDROCK_ENDPOINT: `http://127.0.0.1:${port}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        LOG_LEVEL: 'SILENT',
      },
    });
    if (!result.ok) throw new Error(`the handler threw: ${result.error.message}`);
    const response = result.value as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      sessionId: 'smoke-1',
      response: 'Bedrock says hi. Confidence: HIGH',
      sources: [],
      confidence: 'HIGH',
    });
    expect(seenPath).toBe('/agents/AGENT12345/agentAliases/ALIAS12345/sessions/smoke-1/text');
  });
});
