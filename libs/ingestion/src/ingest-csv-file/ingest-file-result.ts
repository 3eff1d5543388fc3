import type { TableName } from '@instalake/lake-schema';
import type { IngestStatus } from '../ports/ingest-log';
import type { RowRejection } from '../ports/lake-loader';
import type { SourceFormat } from '../upload-policy';

/** The per-file result every interface prints (CLI --json, Lambda logs). rowsRead = landed + duplicates + rejected. */
export interface IngestFileResult {
  readonly file: string;
  readonly bucket: string;
  readonly etag?: string;
  readonly format?: SourceFormat;
  readonly table?: TableName;
  /** The scraper layout the file was read as, when it matches a known one. */
  readonly layout?: string;
  readonly status: IngestStatus;
  /** Records in the file (the header excluded), counted from the file itself. */
  readonly rowsRead: number;
  readonly landed: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Rejected rows per reason code; sums to rejected. */
  readonly rejectedByReason?: Readonly<Record<string, number>>;
  /** Re-scraped like/comment counts of known posts appended to post_metrics. */
  readonly observations?: number;
  readonly deadLetterKey?: string;
  readonly rejectsKey?: string;
  readonly error?: { readonly code: string; readonly message: string };
  /** Things worth knowing that did not stop the file: extra or missing optional columns, sample row rejections. */
  readonly warnings: readonly string[];
  readonly rejectSamples?: readonly RowRejection[];
  readonly durationMs: number;
}
