import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOGGING_SOURCES, type LogLevel, lower, readSettings, Setting } from '@instalake/composition';
import { LakeCatalogSettings, lakeCatalogEnv } from '@instalake/duckdb';

/** The ingest Lambda's configuration (also the lake-tables function's), read from the environment once. */
export class IngestLambdaConfig extends LakeCatalogSettings {
  /** `s3` in AWS; `local` maps bucket/key to `$INSTALAKE_HOME/buckets/<bucket>/<key>` (replaying events on a laptop). */
  @IsIn(['s3', 'local'], { message: 'OBJECT_STORE must be s3 or local' }) objectStore: 's3' | 'local' = 's3';
  @Setting.memoryLimit() memoryLimit = '512MB';
  @Setting.wholeNumber('DUCKDB_THREADS', 1, 64, true) threads?: number;
  /** Downloads, DuckDB spill files and rejects files (Lambda: under /tmp). */
  @IsString() @IsNotEmpty() scratchDirectory = join(tmpdir(), 'instalake');
  @Setting.prefix('INSTALAKE_UPLOAD_PREFIX') uploadPrefix = 'uploads/';
  @Setting.prefix('INSTALAKE_DLQ_PREFIX') deadLetterPrefix = 'dlq/';
  /** No new file starts with less time than this left in the invocation; the rest are redelivered. */
  @Setting.wholeNumber('INGEST_TIME_RESERVE_MS', 0, 900_000) timeReserveMs = 60_000;
  @Setting.logLevel() logLevel: LogLevel = 'INFO';
  @Setting.serviceName() serviceName = 'instalake-ingest';
  /** An S3-compatible endpoint (tests, MinIO); unset in AWS. */
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' }) s3Endpoint?: string;
  @Setting.flag() @IsOptional() s3ForcePathStyle?: boolean;

  get bucketsRoot(): string {
    return resolve(this.home, 'buckets');
  }
}

export function loadIngestLambdaConfig(env: NodeJS.ProcessEnv = process.env): IngestLambdaConfig {
  return readSettings(
    IngestLambdaConfig,
    env,
    {
      objectStore: lower('OBJECT_STORE'),
      memoryLimit: 'DUCKDB_MEMORY_LIMIT',
      threads: 'DUCKDB_THREADS',
      scratchDirectory: (e) => e.INSTALAKE_SCRATCH_DIR && resolve(e.INSTALAKE_SCRATCH_DIR),
      uploadPrefix: 'INSTALAKE_UPLOAD_PREFIX',
      deadLetterPrefix: 'INSTALAKE_DLQ_PREFIX',
      timeReserveMs: 'INGEST_TIME_RESERVE_MS',
      ...LOGGING_SOURCES,
      s3Endpoint: 'S3_ENDPOINT',
      s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
    },
    'ingest Lambda',
    lakeCatalogEnv(env),
  );
}
