import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

/** The slice of s3rver 3.7.1 the tests use (it ships no types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  callback(): RequestListener;
  httpServer: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverServer;

/** A local S3-compatible server on 127.0.0.1 and a random port, with a real S3Client pointed at it. */
export interface RunningS3rver {
  readonly client: S3Client;
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startS3rver(buckets: readonly string[]): Promise<RunningS3rver> {
  const S3rver = require('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(join(tmpdir(), 'instalake-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
    // The copy-source shim below rewrites a signed header, so s3rver must tolerate that one mismatch.
    allowMismatchedSignatures: true,
  });
  const { port } = await server.run();
  const s3rverHandler = server.callback();
  server.httpServer.removeAllListeners('request');
  server.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!decodeCopySourceLikeS3(req, res)) return;
    s3rverHandler(req, res);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver does not understand aws-chunked uploads with trailing CRC32 checksums (the SDK's default for
    // streamed bodies since 3.729); real S3 does. Checksums stay on whenever an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    client,
    endpoint,
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * S3 percent-decodes `x-amz-copy-source` fully; s3rver 3.7.1 runs it through `decodeURI`, which leaves
 * `%2B` (+), `%26` (&), `%3A` (:) ... encoded, so such keys "do not exist". Decode it the way S3 does and hand
 * s3rver a form its decodeURI maps back to exactly that key. A source that is not valid percent-encoding
 * is refused, as S3 refuses it, so an adapter that forgets to encode a `%` still fails.
 */
function decodeCopySourceLikeS3(req: IncomingMessage, res: ServerResponse): boolean {
  const raw = req.headers['x-amz-copy-source'];
  if (typeof raw !== 'string') return true;
  try {
    req.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(raw));
    return true;
  } catch {
    res.statusCode = 400;
    res.setHeader('content-type', 'application/xml');
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>Invalid copy source encoding</Message></Error>',
    );
    return false;
  }
}
