import type { FileRejectionCode } from '@instalake/ingestion';
import type { QueryRejectionCode } from '@instalake/query-guard';
import type { TrendsRequestCode } from '@instalake/trends';

/**
 * `instalake` exit codes scripts can rely on (the README's CLI table): 1 only for a file rejected whole, 4 only for
 * a lake another command held too long, 5 for any other failure.
 */
export const EXIT = { ok: 0, rejectedFile: 1, usage: 2, refusedQuery: 3, lakeBusy: 4, failed: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** How every transport answers one error code. */
export interface ErrorTreatment {
  /** HTTP status of the query API, and `httpStatusCode` of the Bedrock action-group response. */
  readonly status: number;
  /** Exit code of the `instalake` command. */
  readonly exit: ExitCode;
  /**
   * Replaces the message for remote callers (API clients, the model) when it describes our internals; the full
   * message still goes to the log and to the local CLI user.
   */
  readonly publicMessage?: string;
}

const UNAVAILABLE = 'The analytics lake is not available right now; try again later.';
const refused: ErrorTreatment = { status: 400, exit: EXIT.refusedQuery };
const badRequest: ErrorTreatment = { status: 400, exit: EXIT.usage };
const rejectedFile: ErrorTreatment = { status: 422, exit: EXIT.rejectedFile };
const unavailable: ErrorTreatment = { status: 503, exit: EXIT.failed, publicMessage: UNAVAILABLE };
const upstream: ErrorTreatment = { status: 502, exit: EXIT.failed };
const internal: ErrorTreatment = { status: 500, exit: EXIT.failed };

/** Codes raised by the transports and apps themselves (routing, request contracts, events, packaging). */
type EdgeCode =
  | 'NOT_FOUND'
  | 'UNKNOWN_PATH'
  | 'METHOD_NOT_ALLOWED'
  | 'BODY_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'MALFORMED_JSON'
  | 'VALIDATION_FAILED'
  | 'BAD_PARAMETERS'
  | 'BAD_EVENT'
  | 'RESPONSE_TOO_LARGE'
  | 'INTERNAL_ERROR'
  | 'UNSUPPORTED_EVENT'
  | 'UNSUPPORTED_CUSTOM_RESOURCE'
  | 'INGEST_FAILED'
  | 'OUT_OF_TIME'
  | 'LAKE_SCHEMA_DRIFT'
  | 'USAGE'
  | 'WEB_FILES_MISSING';

/** The agent's failures (the Bedrock mapper's codes). */
type AgentCode =
  | 'AGENT_TIMEOUT'
  | 'AGENT_THROTTLED'
  | 'AGENT_INVALID_REQUEST'
  | 'AGENT_ACCESS_DENIED'
  | 'AGENT_RESOURCE_NOT_FOUND'
  | 'AGENT_DEPENDENCY_FAILED'
  | 'AGENT_BAD_GATEWAY'
  | 'AGENT_INTERNAL_SERVER'
  | 'AGENT_CONFLICT'
  | 'AGENT_MODEL_NOT_READY'
  | 'AGENT_UNAVAILABLE'
  | 'AGENT_EMPTY_RESPONSE';

/** Codes of single-code errors in the libraries (the code unions are imported, so a new code must be added here). */
type LibraryCode =
  | 'QUERY_FAILED'
  | 'QUERY_TIMEOUT'
  | 'INVALID_SEARCH'
  | 'KNOWLEDGE_BASE_BUSY'
  | 'KNOWLEDGE_BASE_UNAVAILABLE'
  | 'OBJECT_NOT_FOUND'
  | 'INVALID_OBJECT_KEY'
  | 'INVALID_CONFIG'
  | 'LAKE_UNAVAILABLE'
  | 'LAKE_CATALOG_CONFIG'
  | 'INVALID_MAPPING'
  | 'COMMIT_CONFLICT'
  | 'GLUE_CATALOG_UNAVAILABLE';

export type KnownErrorCode =
  QueryRejectionCode | TrendsRequestCode | FileRejectionCode | LibraryCode | AgentCode | EdgeCode;

/**
 * The one table from error code to answer, for the query API (HTTP), the action group (the model reads the status
 * and body) and the CLI (exit code). An error whose code is missing here answers 500 and is logged as unmapped.
 */
export const ERROR_TABLE: Readonly<Record<KnownErrorCode, ErrorTreatment>> = {
  // The query guard refused the SQL before it ran: the message says what to change.
  PARSE_ERROR: refused,
  NOT_A_SELECT: refused,
  MULTIPLE_STATEMENTS: refused,
  TABLE_FUNCTION_FORBIDDEN: refused,
  FILE_ACCESS_FORBIDDEN: refused,
  FUNCTION_FORBIDDEN: refused,
  RECURSIVE_CTE_FORBIDDEN: refused,
  UNKNOWN_TABLE: refused,
  SIZE_LIMIT_EXCEEDED: refused,
  EMPTY_QUERY: refused,
  // The SQL passed the guard but failed or ran too long: the caller narrows it.
  QUERY_FAILED: { status: 400, exit: EXIT.failed },
  QUERY_TIMEOUT: { status: 408, exit: EXIT.failed },
  // Bad arguments.
  INVALID_CITY: badRequest,
  INVALID_DAYS: badRequest,
  INVALID_DATE: badRequest,
  INVALID_SEARCH: badRequest,
  BAD_PARAMETERS: badRequest,
  MALFORMED_JSON: badRequest,
  VALIDATION_FAILED: badRequest,
  BAD_EVENT: badRequest,
  USAGE: badRequest,
  UNSUPPORTED_EVENT: badRequest,
  UNSUPPORTED_CUSTOM_RESOURCE: badRequest,
  // An ingest mapping (flags, mapping file) that says something impossible: the message says where.
  INVALID_MAPPING: badRequest,
  // A file refused whole (reported per file; raised when replaying a key that is no dead letter).
  EMPTY_FILE: rejectedFile,
  UNKNOWN_FILE_KIND: rejectedFile,
  SCHEMA_MISMATCH: rejectedFile,
  CSV_UNREADABLE: rejectedFile,
  JSON_UNREADABLE: rejectedFile,
  HEADER_TOO_LARGE: rejectedFile,
  TOO_MANY_COLUMNS: rejectedFile,
  NOT_UTF8: rejectedFile,
  RECONCILIATION_FAILED: rejectedFile,
  // Replaying a key that is no dead letter, or none at all, or not a usable key: fix the argument.
  NOT_AN_UPLOAD: { status: 422, exit: EXIT.usage },
  OBJECT_NOT_FOUND: { status: 404, exit: EXIT.usage },
  INVALID_OBJECT_KEY: badRequest,
  // Routing and the HTTP contract.
  NOT_FOUND: { status: 404, exit: EXIT.usage },
  UNKNOWN_PATH: { status: 404, exit: EXIT.usage },
  METHOD_NOT_ALLOWED: { status: 405, exit: EXIT.usage },
  BODY_TOO_LARGE: { status: 413, exit: EXIT.usage },
  UNAUTHORIZED: { status: 401, exit: EXIT.usage },
  // Our side cannot serve right now.
  INVALID_CONFIG: { ...unavailable, exit: EXIT.usage },
  LAKE_UNAVAILABLE: { ...unavailable, exit: EXIT.lakeBusy },
  LAKE_CATALOG_CONFIG: unavailable,
  GLUE_CATALOG_UNAVAILABLE: unavailable,
  KNOWLEDGE_BASE_UNAVAILABLE: { status: 503, exit: EXIT.failed },
  KNOWLEDGE_BASE_BUSY: { status: 409, exit: EXIT.failed },
  COMMIT_CONFLICT: { status: 409, exit: EXIT.failed },
  INGEST_FAILED: { status: 500, exit: EXIT.failed },
  OUT_OF_TIME: { status: 503, exit: EXIT.failed },
  // The deployed tables no longer match lake-schema (the deploy-time check): a migration is due.
  LAKE_SCHEMA_DRIFT: { status: 409, exit: EXIT.failed },
  WEB_FILES_MISSING: internal,
  RESPONSE_TOO_LARGE: internal,
  INTERNAL_ERROR: internal,
  // The agent (Bedrock) could not answer; its messages are written for the person asking.
  AGENT_TIMEOUT: { status: 504, exit: EXIT.failed },
  AGENT_THROTTLED: { status: 429, exit: EXIT.failed },
  AGENT_INVALID_REQUEST: { status: 400, exit: EXIT.failed },
  AGENT_ACCESS_DENIED: upstream,
  AGENT_RESOURCE_NOT_FOUND: upstream,
  AGENT_DEPENDENCY_FAILED: upstream,
  AGENT_BAD_GATEWAY: upstream,
  AGENT_INTERNAL_SERVER: upstream,
  AGENT_CONFLICT: upstream,
  AGENT_MODEL_NOT_READY: upstream,
  AGENT_UNAVAILABLE: upstream,
  AGENT_EMPTY_RESPONSE: upstream,
};
