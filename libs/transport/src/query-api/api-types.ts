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

export interface ApiErrorBody {
  readonly error: { code: string; message: string; field?: string };
}

/** Structured logger (Powertools Logger and console-like loggers fit). Never receives the user's text at info. */
export interface ApiLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The contract's body limit: the query limit plus JSON overhead. Bodies above it get 413. */
export const DEFAULT_MAX_BODY_BYTES = 128 * 1024;

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
