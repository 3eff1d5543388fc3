import { InstalakeError } from '@instalake/errors';

/** Why a whole file was refused. Stable codes: scripts and alarms match on them. */
export type FileRejectionCode =
  'EMPTY_FILE' | 'UNKNOWN_FILE_KIND' | 'SCHEMA_MISMATCH' | 'CSV_UNREADABLE' | 'NOT_AN_UPLOAD';

export class FileRejectedError extends InstalakeError {
  declare readonly code: FileRejectionCode;

  constructor(code: FileRejectionCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
