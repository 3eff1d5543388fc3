import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IngestionJobStart {
  readonly knowledgeBaseId: string;
  readonly dataSourceId: string;
  readonly body: Record<string, unknown>;
}

/**
 * The Bedrock Agent control-plane endpoint for StartIngestionJob (REST-JSON: PUT
 * /knowledgebases/{kb}/datasources/{ds}/ingestionjobs/), served locally for the real @aws-sdk/client-bedrock-agent.
 * Records every start; anything else answers 404.
 */
export async function startFakeBedrockAgent() {
  const starts: IngestionJobStart[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const match = /^\/knowledgebases\/([^/]+)\/datasources\/([^/]+)\/ingestionjobs\/?$/.exec(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'PUT' || !match) {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: `no route ${req.method} ${req.url}` }));
        return;
      }
      const [, knowledgeBaseId, dataSourceId] = match;
      starts.push({ knowledgeBaseId, dataSourceId, body: raw ? JSON.parse(raw) : {} });
      const now = new Date().toISOString();
      res.end(
        JSON.stringify({
          ingestionJob: {
            ingestionJobId: `JOB${starts.length}`,
            knowledgeBaseId,
            dataSourceId,
            status: 'STARTING',
            startedAt: now,
            updatedAt: now,
          },
        }),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    starts,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
