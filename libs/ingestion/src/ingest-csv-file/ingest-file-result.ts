import type { TableName } from '@instalake/lake-schema';
import type { IngestStatus } from '../ports/ingest-log';
import type { RowRejection } from '../ports/lake-loader';

/** The per-file result every interface prints (CLI --json, Lambda logs). rowsRead = landed + duplicates + rejected. */
export interface IngestFileResult {
  readonly file: string;
  readonly bucket: string;
  readonly etag?: string;
  readonly table?: TableName;
  readonly status: IngestStatus;
  readonly rowsRead: number;
  readonly landed: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly deadLetterKey?: string;
  readonly rejectsKey?: string;
  readonly error?: { readonly code: string; readonly message: string };
  /** Things worth knowing that did not stop the file: extra or missing optional columns, sample row rejections. */
  readonly warnings: readonly string[];
  readonly rejectSamples?: readonly RowRejection[];
  readonly durationMs: number;
}
