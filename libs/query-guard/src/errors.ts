import { InstalakeError } from '@instalake/errors';

/** Why the guard refused a query. Stable codes: the agent, the CLI (exit code 3) and alarms match on them. */
export type QueryRejectionCode =
  | 'PARSE_ERROR'
  | 'NOT_A_SELECT'
  | 'MULTIPLE_STATEMENTS'
  | 'TABLE_FUNCTION_FORBIDDEN'
  | 'FILE_ACCESS_FORBIDDEN'
  | 'FUNCTION_FORBIDDEN'
  | 'RECURSIVE_CTE_FORBIDDEN'
  | 'UNKNOWN_TABLE'
  | 'SIZE_LIMIT_EXCEEDED'
  | 'EMPTY_QUERY';

/** The query was refused before it ran. The message says what to change, in words a language model can act on. */
export class QueryRejectedError extends InstalakeError {
  declare readonly code: QueryRejectionCode;

  constructor(code: QueryRejectionCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The query passed the guard but ran longer than the time limit and was cancelled. */
export class QueryTimeoutError extends InstalakeError {
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      'QUERY_TIMEOUT',
      `The query ran longer than ${timeoutMs} ms and was cancelled. Narrow it: filter by posted_date or city, ` +
        'aggregate before joining, avoid joining a table with itself without a key, and keep LIMIT small.',
      options,
    );
  }
}

/** The query passed the guard but the engine could not run it (unknown column, type mismatch, out of memory...). */
export class QueryFailedError extends InstalakeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('QUERY_FAILED', message, options);
  }
}
