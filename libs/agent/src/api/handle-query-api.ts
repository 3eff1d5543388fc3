import type { AgentPort } from '../ports/agent-port';
import { AgentInvocationError, ApiError } from './api-error';
import { QueryRequest } from './query-request';
import type { QueryResponse } from './query-response';

export interface ApiRequest {
  readonly method: string;
  /** Path without query string or API stage, e.g. `/api/query`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Structured logger (Powertools Logger and console-like loggers fit). Never receives the user's text at info. */
export interface ApiLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface HandleQueryApiOptions {
  /** Bodies above this many bytes get 413; the contract's query limit plus JSON overhead. */
  readonly maxBodyBytes?: number;
  /** When set, /api/query needs `Authorization: Bearer <token>` (a server opened to a network is not an open door). */
  readonly bearerToken?: string;
  readonly logger?: ApiLogger;
  readonly now?: () => number;
}

export const DEFAULT_MAX_BODY_BYTES = 128 * 1024;

const ROUTES: Record<string, readonly string[]> = { '/api/query': ['POST'], '/api/health': ['GET'] };

/**
 * The query API's one handler, hosted by the proxy Lambda and by `instalake serve`: routing, validation,
 * the agent call and the error mapping of the API contract.
 */
export class HandleQueryApi {
  private readonly maxBodyBytes: number;

  constructor(
    private readonly agent: AgentPort,
    private readonly options: HandleQueryApiOptions = {},
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    const started = this.options.now?.() ?? Date.now();
    const path = normalisePath(request.path);
    let response: ApiResponse;
    let sessionId: string | undefined;
    try {
      const methods = ROUTES[path];
      if (!methods)
        throw new ApiError(404, 'NOT_FOUND', `No route ${path}. The API serves POST /api/query and GET /api/health.`);
      const method = request.method.toUpperCase();
      if (!methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) {
        throw new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `${path} accepts ${methods.join(', ')}, not ${method}.`,
          undefined,
          {
            allow: methods.join(', '),
          },
        );
      }
      if (path === '/api/health') {
        response = json(200, { status: 'ok', agent: this.agent.kind });
      } else {
        this.authorise(request.headers);
        const size = new TextEncoder().encode(request.body ?? '').length;
        if (size > this.maxBodyBytes) {
          throw new ApiError(
            413,
            'BODY_TOO_LARGE',
            `The request body is ${size} bytes; the limit is ${this.maxBodyBytes}. Shorten the query.`,
          );
        }
        const query = QueryRequest.parse(request.body);
        sessionId = query.sessionId;
        const answer = await this.agent.ask(query.sessionId, query.query);
        const body: QueryResponse = {
          sessionId: query.sessionId,
          response: answer.response,
          sources: [...answer.sources],
          confidence: answer.confidence,
          ...(answer.data ? { data: answer.data } : {}),
        };
        response = json(200, body);
      }
    } catch (error) {
      response = this.errorResponse(error, path);
    }
    this.options.logger?.info('api request', {
      method: request.method,
      path,
      status: response.status,
      sessionId,
      durationMs: (this.options.now?.() ?? Date.now()) - started,
    });
    return response;
  }

  private authorise(headers: ApiRequest['headers']): void {
    const expected = this.options.bearerToken;
    if (!expected) return;
    const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
    if (!token || !constantTimeEqual(token, expected)) {
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'This server requires "Authorization: Bearer <token>" (the INSTALAKE_API_TOKEN it was started with).',
        undefined,
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
  }

  private errorResponse(error: unknown, path: string): ApiResponse {
    if (error instanceof ApiError) return json(error.status, error.toBody(), error.headers);
    if (error instanceof AgentInvocationError) {
      this.options.logger?.error('agent invocation failed', { path, code: error.code, kind: error.kind });
      return json(error.status, new ApiError(error.status, error.code, error.message).toBody());
    }
    const detail = error instanceof Error ? error.message : String(error);
    this.options.logger?.error('unexpected error', { path, error: detail });
    return json(500, {
      error: {
        code: 'INTERNAL_ERROR',
        message: 'The query failed unexpectedly; the server log has the details. Try again or rephrase.',
      },
    });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

function normalisePath(path: string): string {
  const bare = path.split('?')[0] || '/';
  return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
