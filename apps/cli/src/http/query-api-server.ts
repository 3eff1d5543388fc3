import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_MAX_BODY_BYTES, type HandleQueryApi } from '@instalake/agent';
import { staticFile } from './static-files';

export interface StartServerOptions {
  readonly api: HandleQueryApi;
  /** Interface to bind; 127.0.0.1 unless the user opens it up (then set a bearer token on the api). */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  /** Directory of the chat page; default apps/cli/src/web. */
  readonly webRoot?: string;
  readonly maxBodyBytes?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export const DEFAULT_WEB_ROOT = join(__dirname, '..', 'web');

/** `instalake serve`: the query API's handler and the chat page on Node's HTTP server. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent)
        send(
          res,
          500,
          { 'content-type': 'application/json' },
          JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: String(error?.message ?? error) } }),
        );
      else res.destroy();
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/')) {
      const body = await readBody(req, maxBody);
      if (body === undefined) {
        send(
          res,
          413,
          { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
          JSON.stringify({
            error: { code: 'BODY_TOO_LARGE', message: `The request body exceeds ${maxBody} bytes. Shorten the query.` },
          }),
        );
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const response = await options.api.handle({ method: req.method ?? 'GET', path, headers, body });
      send(res, response.status, response.headers, req.method === 'HEAD' ? '' : response.body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(
        res,
        405,
        { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' },
        JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'Static files accept GET and HEAD.' } }),
      );
      return;
    }
    const file = await staticFile(webRoot, url);
    send(res, file.status, file.headers, req.method === 'HEAD' ? '' : file.body);
  }
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
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

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, headers);
  res.end(body);
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
