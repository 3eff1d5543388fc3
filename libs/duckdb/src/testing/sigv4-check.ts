import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ProxiedRequest } from './recording-proxy';

/** node:crypto as the Checksum the SigV4 signer expects (HMAC when constructed with a secret). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    throw new Error('not reusable');
  }
}

export interface SigV4Facts {
  readonly service: string;
  readonly region: string;
  readonly accessKeyId: string;
}

/**
 * Checks a request's SigV4 signature by signing it again with the AWS SDK's own signer (same key, same
 * x-amz-date, same signed headers): what a real AWS endpoint does before it answers. Returns the credential scope.
 */
export async function verifySigV4(
  request: ProxiedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<SigV4Facts> {
  const authorization = String(request.headers.authorization ?? '');
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) throw new Error(`not a SigV4 Authorization header: "${authorization}"`);
  const [, accessKeyId, , region, service, signedHeaders, signature] = match;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const url = new URL(request.originalPath, `http://${request.headers.host}`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = String(request.headers[name] ?? '');
  const signer = new SignatureV4({
    credentials,
    region,
    service,
    sha256: NodeSha256 as unknown as ConstructorParameters<typeof SignatureV4>[0]['sha256'],
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: request.body.length ? request.body : undefined,
    },
    { signingDate, unsignableHeaders: new Set(), signableHeaders: new Set(signedHeaders.split(';')) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
  if (expected !== signature)
    throw new Error(
      `SigV4 signature mismatch on ${request.method} ${request.originalPath} (service ${service}, ${region})`,
    );
  return { service, region, accessKeyId };
}
