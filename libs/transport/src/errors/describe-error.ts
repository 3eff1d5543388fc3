import { InstalakeError } from '@instalake/errors';
import { ERROR_TABLE, EXIT, type ErrorTreatment, type ExitCode } from './error-table';

/** What a transport answers for an error: status, exit code and the `{ code, message }` body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly exit: ExitCode;
  readonly code: string;
  /** For remote callers: the public message where the table has one. */
  readonly message: string;
  /** The error's own message (logs, the local CLI). */
  readonly detail: string;
  /** False for bugs and foreign exceptions, and for codes the table does not know: log those as errors. */
  readonly expected: boolean;
}

const TABLE: Readonly<Record<string, ErrorTreatment>> = ERROR_TABLE;

/**
 * Looks the error's code up in ERROR_TABLE. Anything that is not an InstalakeError with a known code is an internal
 * error: the caller gets `fallbackMessage` (never a stack or a foreign message), the log gets the detail.
 */
export function describeError(error: unknown, fallbackMessage: string): ErrorAnswer {
  const detail = error instanceof Error ? error.message : String(error);
  const treatment = error instanceof InstalakeError ? TABLE[error.code] : undefined;
  if (error instanceof InstalakeError && treatment) {
    return {
      status: treatment.status,
      exit: treatment.exit,
      code: error.code,
      message: treatment.publicMessage ?? error.message,
      detail,
      expected: true,
    };
  }
  return {
    status: 500,
    exit: EXIT.failed,
    code: 'INTERNAL_ERROR',
    message: fallbackMessage,
    detail: error instanceof InstalakeError ? `[${error.code}] ${detail}` : detail,
    expected: false,
  };
}
