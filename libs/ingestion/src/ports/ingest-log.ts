import type { TableName } from '@instalake/lake-schema';

export type IngestStatus = 'ingested' | 'skipped' | 'rejected';

/** One line of the ingest log: every file the lake has seen. */
export interface IngestLogEntry {
  readonly bucket: string;
  readonly key: string;
  /** Idempotency: bucket + key + etag (or versionId). */
  readonly etag: string;
  readonly table?: TableName;
  readonly status: IngestStatus;
  readonly rowsRead: number;
  readonly landed: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly deadLetterKey?: string;
  readonly errorCode?: string;
  readonly message?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export interface IngestLog {
  /** The last completed ingestion of exactly this object version, if any. */
  findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined>;
  append(entry: IngestLogEntry): Promise<void>;
  recent(limit: number): Promise<IngestLogEntry[]>;
}
