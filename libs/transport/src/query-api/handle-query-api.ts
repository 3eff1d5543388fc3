import { safeAnswer, type AgentPort, type QueryResponse } from '@instalake/agent';
import { describeError } from '../errors/describe-error';
import { RequestRejectedError } from '../errors/request-rejected-error';
import { type ApiLogger, type ApiRequest, type ApiResponse, DEFAULT_MAX_BODY_BYTES, jsonResponse } from './api-types';
import { checkBearerToken } from './bearer-token';
import { QueryRequest } from './query-request';
import { maskPhonesInText } from '@instalake/lake-schema';

export interface HandleQueryApiOptions {
  /** Bodies above this many bytes get 413. */
  readonly maxBodyBytes?: number;
  /** When set, /api/query needs `Authorization: Bearer <token>` (a server opened to a network is not an open door). */
  readonly bearerToken?: string;
  readonly logger?: ApiLogger;
}

const ROUTES: Record<string, readonly string[]> = { '/api/query': ['POST'], '/api/health': ['GET'] };
const UNEXPECTED = 'The query failed unexpectedly; the server log has the details. Try again or rephrase.';

/**
 * The query API's one handler, hosted by the proxy Lambda and by `instalake serve`: routing, the request contract,
 * the agent call, and errors answered through ERROR_TABLE.
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
    const started = Date.now();
    const path = normalisePath(request.path);
    let response: ApiResponse;
    let sessionId: string | undefined;
    try {
      this.route(path, request.method.toUpperCase());
      if (path === '/api/health') {
        response = jsonResponse(200, { status: 'ok', agent: this.agent.kind });
      } else {
        checkBearerToken(request.headers, this.options.bearerToken);
        this.checkSize(request.body);
        const query = QueryRequest.parse(request.body);
        sessionId = query.sessionId;
        // Where any agent's answer becomes the response: phones masked, links only to Instagram.
        const answer = safeAnswer(await this.agent.ask(query.sessionId, query.query));
        const body: QueryResponse = {
          sessionId: query.sessionId,
          response: answer.response,
          sources: [...answer.sources],
          confidence: answer.confidence,
          ...(answer.data ? { data: answer.data } : {}),
        };
        response = jsonResponse(200, body);
      }
    } catch (error) {
      response = this.errorResponse(error, path);
    }
    this.options.logger?.info('api request', {
      method: request.method,
      path,
      status: response.status,
      sessionId,
      durationMs: Date.now() - started,
    });
    return response;
  }

  private route(path: string, method: string): void {
    const methods = ROUTES[path];
    if (!methods)
      throw new RequestRejectedError(
        'NOT_FOUND',
        `No route ${path}. The API serves POST /api/query and GET /api/health.`,
      );
    if (!methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) {
      throw new RequestRejectedError(
        'METHOD_NOT_ALLOWED',
        `${path} accepts ${methods.join(', ')}, not ${method}.`,
        undefined,
        { allow: methods.join(', ') },
      );
    }
  }

  private checkSize(body: string | undefined): void {
    const size = new TextEncoder().encode(body ?? '').length;
    if (size > this.maxBodyBytes) {
      throw new RequestRejectedError(
        'BODY_TOO_LARGE',
        `The request body is ${size} bytes; the limit is ${this.maxBodyBytes}. Shorten the query.`,
      );
    }
  }

  private errorResponse(error: unknown, path: string): ApiResponse {
    const answer = describeError(error, UNEXPECTED);
    if (!(error instanceof RequestRejectedError)) {
      this.options.logger?.error(answer.expected ? 'query failed' : 'unexpected error', {
        path,
        code: answer.code,
        error: maskPhonesInText(answer.detail),
      });
    }
    const field = error instanceof RequestRejectedError ? error.field : undefined;
    const headers = error instanceof RequestRejectedError ? error.headers : {};
    const body = { error: { code: answer.code, message: answer.message, ...(field ? { field } : {}) } };
    return jsonResponse(answer.status, body, { ...headers });
  }
}

function normalisePath(path: string): string {
  const bare = path.split('?')[0] || '/';
  return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}
