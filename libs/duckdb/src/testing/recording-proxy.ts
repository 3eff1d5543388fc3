import { createServer, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request seen by the proxy, after any rewrite. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query as the client sent them (what it signed). */
  readonly originalPath: string;
  /** Path and query, as forwarded. */
  path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Status the upstream answered (set once it did). */
  status?: number;
}

export interface RecordingProxyOptions {
  /** Upstream base URL (the REST fixture). */
  readonly target: string;
  /** Edits a request before it is forwarded (path rewrites). */
  readonly rewrite?: (request: ProxiedRequest) => void;
  /** Edits an upstream response body (JSON) before it is returned. */
  readonly transformResponse?: (request: ProxiedRequest, body: Buffer) => Buffer;
  /** Awaited before forwarding; the returned callback runs once the upstream answered. */
  readonly gate?: (request: ProxiedRequest) => Promise<(() => void) | void>;
}

export interface RecordingProxy {
  readonly endpoint: string;
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/** A small HTTP proxy in front of a server (the Iceberg REST catalog, S3), so tests can shape, watch and time its traffic. */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const target = new URL(options.target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', async () => {
      const seen: ProxiedRequest = {
        method: incoming.method ?? 'GET',
        originalPath: incoming.url ?? '/',
        path: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(seen);
      options.rewrite?.(seen);
      const release = await options.gate?.(seen);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: seen.method,
          path: seen.path,
          // Identity encoding, so a response can be read and edited here.
          headers: {
            ...incoming.headers,
            host: target.host,
            'content-length': String(seen.body.length),
            'accept-encoding': 'identity',
          },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (c: Buffer) => parts.push(c));
          response.on('end', () => {
            seen.status = response.statusCode;
            const received: Buffer = Buffer.concat(parts);
            const body =
              options.transformResponse && received.length ? options.transformResponse(seen, received) : received;
            // Upstream headers as they were (a HEAD's content-length is the object's), unless the body was edited.
            const headers = { ...response.headers };
            if (body !== received) {
              headers['content-length'] = String(body.length);
              delete headers['transfer-encoding'];
            }
            outgoing.writeHead(response.statusCode ?? 502, headers);
            outgoing.end(body);
            release?.();
          });
        },
      );
      upstream.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
        release?.();
      });
      upstream.end(seen.body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * The REST catalog shaped like AWS Glue's Iceberg endpoint: `GET /v1/config?warehouse=<account>` answers with the
 * `catalogs/<account>` prefix and no endpoint list (so DuckDB falls back to Glue's endpoint set and commits table
 * by table), and `/v1/catalogs/<account>/...` is served by the fixture's `/v1/...`.
 */
export function glueShaped(target: string, accountId: string): RecordingProxyOptions {
  const prefix = `/v1/catalogs/${accountId}/`;
  return {
    target,
    rewrite: (request) => {
      if (request.path.startsWith(prefix)) request.path = `/v1/${request.path.slice(prefix.length)}`;
    },
    transformResponse: (request, body) => {
      if (!request.path.startsWith('/v1/config')) return body;
      const config = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      delete config.endpoints;
      config.overrides = { ...(config.overrides as object), prefix: `catalogs/${accountId}` };
      return Buffer.from(JSON.stringify(config));
    },
  };
}

/** True when the request commits a change to `namespace.table` (per-table or multi-table commit endpoint). */
export function commitsTable(request: ProxiedRequest, namespace: string, table: string): boolean {
  if (request.method !== 'POST') return false;
  if (new RegExp(`/namespaces/${namespace}/tables/${table}(\\?|$)`).test(request.path)) return true;
  if (!/\/transactions\/commit(\?|$)/.test(request.path)) return false;
  const changes = (JSON.parse(request.body.toString('utf8') || '{}')['table-changes'] ?? []) as {
    identifier?: { namespace?: string[]; name?: string };
  }[];
  return changes.some((c) => c.identifier?.name === table && c.identifier?.namespace?.join('.') === namespace);
}

/**
 * Makes two writers' commits to one table collide for certain: the first commit is held until a second one
 * arrives (both then built on the same snapshot), the first is forwarded and answered, then the second, which the
 * catalog must refuse with 409. Later commits pass untouched. `held` tells how many commits were lined up.
 */
export function commitRace(matches: (request: ProxiedRequest) => boolean, waitMs = 30_000) {
  let arrivals = 0;
  let secondArrived!: () => void;
  const second = new Promise<void>((r) => (secondArrived = r));
  let firstAnswered!: () => void;
  const first = new Promise<void>((r) => (firstAnswered = r));
  const state = { held: 0 };
  const gate = async (request: ProxiedRequest): Promise<(() => void) | void> => {
    if (!matches(request)) return;
    const index = arrivals++;
    if (index === 0) {
      state.held++;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([second, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
      return firstAnswered;
    }
    if (index === 1) {
      state.held++;
      secondArrived();
      await first;
    }
  };
  return { gate, state };
}

/** True when the request commits a change to any table (per-table or multi-table commit endpoint). */
function commitsAnyTable(request: ProxiedRequest): boolean {
  return (
    request.method === 'POST' &&
    /\/namespaces\/[^/]+\/tables\/[^/?]+(\?|$)|\/transactions\/commit(\?|$)/.test(request.path)
  );
}

/**
 * Forwards commits one at a time, as a catalog with an atomic compare-and-swap decides them. The REST fixture does
 * not: two concurrent appends asserting the same snapshot can both be answered 200, and the first is lost from the
 * table (measured: 40 concurrent INSERTs from two engines, 37 answered 200, 20 rows). Serialised, the second gets
 * the 409 a real catalog answers. Compose after a race gate, so the race still lines its two commits up.
 */
export function serialCommits(): (request: ProxiedRequest) => Promise<(() => void) | void> {
  let tail: Promise<void> = Promise.resolve();
  return async (request) => {
    if (!commitsAnyTable(request)) return;
    const before = tail;
    let release!: () => void;
    tail = new Promise<void>((done) => (release = done));
    await before;
    return release;
  };
}

/** Gates run in order; each one's release runs once the upstream answered. */
export function chainGates(
  ...gates: ((request: ProxiedRequest) => Promise<(() => void) | void>)[]
): (request: ProxiedRequest) => Promise<(() => void) | void> {
  return async (request) => {
    const releases: (() => void)[] = [];
    for (const gate of gates) {
      const release = await gate(request);
      if (release) releases.push(release);
    }
    return () => releases.reverse().forEach((release) => release());
  };
}
