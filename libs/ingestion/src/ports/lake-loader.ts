import type { FileLayout } from '@instalake/lake-schema';

/** What the lake engine did with one CSV file. rowsRead = landed + duplicates + rejected, always. */
export interface LoadOutcome {
  readonly rowsRead: number;
  readonly landed: number;
  /** Rows whose key was already in the file (earlier row) or in the table. */
  readonly duplicates: number;
  readonly rejected: number;
  /** Local CSV of rejected rows (original columns + line + reason), when there are any. */
  readonly rejectsFile?: string;
  /** The first few reasons, for logs and the command's JSON. */
  readonly rejectSamples: readonly RowRejection[];
}

export interface RowRejection {
  /** Record number in the file, the header being record 1 (what a spreadsheet shows as the row number). */
  readonly line: number;
  readonly reason: string;
}

export interface LoadRequest {
  /** Local path of the CSV file. */
  readonly path: string;
  readonly layout: FileLayout;
  /** The file's header fields as written (their count is the expected number of fields per row). */
  readonly header: readonly string[];
  /** Stored as ingested_at on every landed row. */
  readonly loadedAt: Date;
}

/** The lake engine's bulk write path: parse, coerce, validate, de-duplicate and MERGE one CSV file. */
export interface LakeLoader {
  loadCsv(request: LoadRequest): Promise<LoadOutcome>;
  /** Removes the local rejects file produced by loadCsv. */
  discard(rejectsFile: string): Promise<void>;
}
