import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Http2Server } from 'node:http2';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { httpV2Event } from './fixtures/events';

const REPO = resolve(__dirname, '../../..');
const utf8 = {
  to: (b: Uint8Array) => Buffer.from(b).toString('utf8'),
  from: (s: string) => new Uint8Array(Buffer.from(s, 'utf8')),
};

/**
 * Packaging smoke test: bundle src/main.ts as the deploy does (esbuild, node22, cjs, DuckDB external), then
 * let the BUNDLE handle a recorded HTTP API event in a plain Node process, with AGENT=bedrock pointed at a local
 * HTTP/2 endpoint that answers InvokeAgent in the AWS event-stream encoding (the SDK client's default transport).
 */
describe('proxy Lambda bundle (esbuild) handles a real API Gateway event', () => {
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

  it('bundles src/main.ts and answers POST /api/query through the bundled handler', async () => {
    const bundle = join(dir, 'dist', 'index.js');
    // esbuild's CLI (a native executable), not its JS API: the API's TextEncoder check fails inside jest's VM.
    execFileSync(
      join(REPO, 'node_modules/esbuild/bin/esbuild'),
      [
        join(REPO, 'apps/proxy-lambda/src/main.ts'),
        '--bundle',
        '--platform=node',
        '--target=node22',
        '--format=cjs',
        '--external:@duckdb/node-api',
        `--tsconfig=${join(REPO, 'apps/proxy-lambda/tsconfig.json')}`,
        `--outfile=${bundle}`,
        '--log-level=error',
      ],
      { cwd: REPO, stdio: 'pipe' },
    );
    const eventFile = join(dir, 'event.json');
    await writeFile(
      eventFile,
      JSON.stringify(
        httpV2Event('POST', '/api/query', { sessionId: 'smoke-1', query: 'Top 10 posts by likes in NYC' }),
      ),
    );
    const script = `const { handler, dispose } = require(${JSON.stringify(bundle)});
      const event = JSON.parse(require('fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
      handler(event).then(async (r) => { await dispose(); process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'); },
        (e) => { console.error(e); process.exit(1); });`;
    const { port } = server.address() as AddressInfo;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
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
    const result = JSON.parse(
      stdout
        .split('\n')
        .find((l) => l.startsWith('RESULT '))!
        .slice(7),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      sessionId: 'smoke-1',
      response: 'Bedrock says hi. Confidence: HIGH',
      sources: [],
      confidence: 'HIGH',
    });
    expect(seenPath).toBe('/agents/AGENT12345/agentAliases/ALIAS12345/sessions/smoke-1/text');
  });
});
