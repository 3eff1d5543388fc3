import { InstalakeError } from '@instalake/errors';

/** Why a whole file was refused. Stable codes: scripts and alarms match on them. */
export type FileRejectionCode =
  | 'EMPTY_FILE'
  | 'UNKNOWN_FILE_KIND'
  | 'SCHEMA_MISMATCH'
  | 'CSV_UNREADABLE'
  | 'JSON_UNREADABLE'
  | 'HEADER_TOO_LARGE'
  | 'TOO_MANY_COLUMNS'
  | 'NOT_UTF8'
  | 'RECONCILIATION_FAILED'
  | 'NOT_AN_UPLOAD';

export class FileRejectedError extends InstalakeError {
  declare readonly code: FileRejectionCode;

  constructor(code: FileRejectionCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A mapping (CLI flags, mapping file or object) is unusable: says where and how to fix it. */
export class MappingError extends InstalakeError {
  constructor(origin: string, problems: readonly string[]) {
    super(
      'INVALID_MAPPING',
      `Invalid ingest mapping ${origin}: ${problems.join('; ')}. See README "Mapping what a file cannot say".`,
    );
  }
}
