import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../errors/describe-error';
import { DEFAULT_MAX_BODY_BYTES, jsonResponse, type ApiResponse } from '../query-api/api-types';
import type { HandleQueryApi } from '../query-api/handle-query-api';
import { staticFile } from './static-files';
import { allowedHostsFor, guardRequest } from './request-guard';

export interface StartServerOptions {
  readonly api: HandleQueryApi;
  /** Interface to bind; 127.0.0.1 unless the user opens it up (then set a bearer token on the api). */
  readonly host?: string;
  /** 0 picks a free port (tests, benchmarks). */
  readonly port?: number;
  /** Directory of the chat page's files, served at `/`; without it only the API is served. */
  readonly webRoot?: string;
  readonly maxBodyBytes?: number;
  /** Names besides the bound address that requests may use in Host (e.g. a reverse proxy's), `name` or `name:port`. */
  readonly allowHosts?: readonly string[];
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** The query API's handler (and the chat page's files) on Node's HTTP server: `instalake serve` and the benchmarks. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (res.headersSent) return void res.destroy();
      const answer = describeError(error, 'The server failed unexpectedly; try again.');
      send(res, jsonResponse(answer.status, { error: { code: answer.code, message: answer.message } }));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    const head = req.method === 'HEAD';
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const refusal = guardRequest(
      { method: req.method ?? 'GET', path: path.replace(/\/+$/, '') || '/', headers },
      { allowedHosts },
    );
    if (refusal) {
      req.resume();
      return send(res, jsonResponse(refusal.status, { error: { code: refusal.code, message: refusal.message } }));
    }
    if (path === '/api' || path.startsWith('/api/')) {
      const body = await readBody(req, maxBody);
      if (body === undefined) {
        const message = `The request body exceeds ${maxBody} bytes. Shorten the query.`;
        return send(res, jsonResponse(413, { error: { code: 'BODY_TOO_LARGE', message } }, { connection: 'close' }));
      }
      return send(res, await options.api.handle({ method: req.method ?? 'GET', path, headers, body }), head);
    }
    if (req.method !== 'GET' && !head) {
      const error = { code: 'METHOD_NOT_ALLOWED', message: 'Static files accept GET and HEAD.' };
      return send(res, jsonResponse(405, { error }, { allow: 'GET, HEAD' }));
    }
    const file = options.webRoot ? await staticFile(options.webRoot, url) : undefined;
    if (!file) return send(res, jsonResponse(404, { error: { code: 'NOT_FOUND', message: `No such file: ${path}.` } }));
    res.writeHead(file.status, file.headers);
    res.end(head ? '' : file.body);
  }
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  allowedHosts = allowedHostsFor(options.host ?? '127.0.0.1', address.port, options.allowHosts);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.close((error) => (error ? reject(error) : resolvePromise()));
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, response: ApiResponse, head = false): void {
  res.writeHead(response.status, response.headers);
  res.end(head ? '' : response.body);
}

/** The body as text, or undefined once it exceeds the limit (reading stops; the connection closes after the 413). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolvePromise(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
