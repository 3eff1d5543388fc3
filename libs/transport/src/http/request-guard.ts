import { networkInterfaces } from 'node:os';

/** What the guard needs of a request: method, path and the headers (lower-case names). */
export interface GuardedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export interface Refusal {
  readonly status: 403 | 415;
  readonly code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN' | 'UNSUPPORTED_MEDIA_TYPE';
  readonly message: string;
}

export interface RequestGuardOptions {
  /** host:port names the server answers to (lower-case), e.g. `127.0.0.1:3000`, `localhost:3000`. */
  readonly allowedHosts: ReadonlySet<string>;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The host:port names a server bound to `host`:`port` answers to: the loopback names when it is bound to loopback,
 * every interface address when bound to all of them, the bound address otherwise; plus `extra` (names the user
 * put in front of it, e.g. a reverse proxy's).
 */
export function allowedHostsFor(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const bound = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const names = new Set<string>();
  const wildcard = ['0.0.0.0', '[::]', '::'].includes(host);
  if (wildcard || LOOPBACK_NAMES.includes(bound)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (wildcard) {
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address);
  } else names.add(bound.toLowerCase());
  // Browsers leave out the port when it is the scheme's default.
  const hosts = new Set([...names].flatMap((n) => (port === 80 ? [`${n}:80`, n] : [`${n}:${port}`])));
  for (const name of extra)
    hosts.add(name.toLowerCase().includes(':') ? name.toLowerCase() : `${name.toLowerCase()}:${port}`);
  return hosts;
}

/**
 * Keeps web pages away from the local API, so no page a user visits can drive it or read its answers:
 * - the Host must be a name the server answers to (a DNS-rebinding page arrives with its own name);
 * - an Origin, when sent, must be this server's (a cross-site page always sends its own);
 * - POST /api/query must be `application/json` (else 415): forms and `text/plain` bodies are what a page can send
 *   cross-site without a preflight, which this server never answers.
 * Returns undefined when the request may proceed.
 */
export function guardRequest(request: GuardedRequest, options: RequestGuardOptions): Refusal | undefined {
  const host = (request.headers.host ?? '').trim().toLowerCase();
  if (!options.allowedHosts.has(host)) {
    return {
      status: 403,
      code: 'FORBIDDEN_HOST',
      message: `This server answers to ${[...options.allowedHosts].join(', ')}, not to Host "${host}". Open it by one of those addresses, or start it with --allow-host.`,
    };
  }
  const origin = request.headers.origin?.trim().toLowerCase();
  if (origin !== undefined && origin !== 'null' && !isAllowedOrigin(origin, options.allowedHosts)) {
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message:
        'Requests from other web sites are refused: use the chat page this server serves, or call the API without an Origin header (curl, scripts).',
    };
  }
  if (origin === 'null' || request.headers['sec-fetch-site']?.toLowerCase() === 'cross-site') {
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message: 'Requests from other web sites or sandboxed pages are refused.',
    };
  }
  if (request.method.toUpperCase() === 'POST' && request.path === '/api/query') {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `POST /api/query takes a JSON body with "content-type: application/json"${type ? `, not ${type}` : ''}.`,
      };
    }
  }
  return undefined;
}

function isAllowedOrigin(origin: string, hosts: ReadonlySet<string>): boolean {
  const match = /^https?:\/\/([^/]+)$/.exec(origin);
  return match !== null && hosts.has(match[1]);
}
