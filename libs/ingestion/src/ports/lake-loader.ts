import type { FileLayout, SourceField } from '@instalake/lake-schema';
import type { IngestLogEntry } from './ingest-log';
import type { SourceFormat } from '../upload-policy';

/** What validation made of one file, before anything is written to the lake. */
export interface StagedLoad {
  /**
   * Records in the file, the header excluded, counted from the file itself, quote-aware (a record an unterminated
   * quote runs on over several lines is one record).
   */
  readonly rowsRead: number;
  /** Rows that passed validation: they land or are duplicates. */
  readonly valid: number;
  readonly rejected: number;
  /** Rejected rows per reason code (`posted_date:not_a_date`, `record:too_large`, ...): sums to rejected. */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** Local CSV of rejected rows (line, reason, original columns, raw_record), when there are any. */
  readonly rejectsFile?: string;
  /** The first few reasons, for logs and the command's JSON. */
  readonly rejectSamples: readonly RowRejection[];
  /** Worth knowing, did not stop the file (line endings normalised, ...). */
  readonly warnings: readonly string[];
}

/** What the lake engine did with one file. rowsRead = landed + duplicates + rejected, always. */
export interface LoadOutcome extends StagedLoad {
  readonly landed: number;
  /** Rows whose key was already in the file (earlier row) or in the table. */
  readonly duplicates: number;
  /** Re-scraped counts of known posts appended to post_metrics. */
  readonly observations: number;
}

export interface RowRejection {
  /** Record number in the file, the header being record 1 (blank lines are not records). */
  readonly line: number;
  readonly reason: string;
}

export interface LoadRequest {
  /** Local path of the file. */
  readonly path: string;
  readonly format: SourceFormat;
  readonly layout: FileLayout;
  /** Stored as ingested_at on every landed row and observed_at on every observation; unique per delivery. */
  readonly loadedAt: Date;
  /** Raw-bucket key of the file: post_metrics.source_file. */
  readonly sourceKey: string;
  /** A dead-letter rejects file sent back: its cells were neutralised against formula injection; undo that. */
  readonly neutralisedCells?: boolean;
  /** An earlier attempt of this delivery stopped before its log entry: some of its rows may be in the lake. */
  readonly resumed?: boolean;
}

export interface LoadHooks {
  /** After validation, before any lake write: file the rejected rows in the dead-letter area. */
  beforeCommit?(staged: StagedLoad): Promise<void>;
  /** The ingest log entry that commits with the rows (one transaction where the catalog allows it). */
  logEntry(outcome: LoadOutcome): IngestLogEntry;
}

/** The lake engine's bulk write path: read, count, coerce, validate, de-duplicate and MERGE one file. */
export interface LakeLoader {
  /** The fields of a JSON file (flattened paths such as `owner.username`), for its layout. */
  inspect(path: string, format: SourceFormat): Promise<readonly SourceField[]>;
  load(request: LoadRequest, hooks: LoadHooks): Promise<LoadOutcome>;
}
