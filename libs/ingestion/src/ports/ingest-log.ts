import type { TableName } from '@instalake/lake-schema';

/** What happened to a file. */
export type IngestStatus = 'ingested' | 'skipped' | 'rejected';

/** One line of the ingest log: every file the lake has seen. */
export interface IngestLogEntry {
  readonly bucket: string;
  readonly key: string;
  /** Idempotency: bucket + key + etag (or versionId). */
  readonly etag: string;
  readonly table?: TableName;
  /** `loading`: written before the rows where tables commit one by one (Iceberg); the final entry follows it. */
  readonly status: IngestStatus | 'loading';
  readonly rowsRead: number;
  readonly landed: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Rejected rows of an ingested file, or the copy of a file rejected whole. */
  readonly deadLetterKey?: string;
  readonly errorCode?: string;
  readonly message?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export interface IngestLog {
  /** The last completed ingestion (ingested, rejected) of exactly this object version, if any. */
  findCompleted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined>;
  /** A `loading` entry of this object version with no completed one: an attempt that stopped half-way. */
  findInterrupted(bucket: string, key: string, etag: string): Promise<IngestLogEntry | undefined>;
  append(entry: IngestLogEntry): Promise<void>;
  recent(limit: number): Promise<IngestLogEntry[]>;
}
