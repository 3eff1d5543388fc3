import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { LakeCatalogSettings, lakeCatalogEnv } from '@instalake/duckdb';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

const PREFIX = /^[^/].*\/$/;
const optionalNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The ingest Lambda's configuration, read from the environment once (nothing else reads process.env). LAKE_* settings: see LakeCatalogSettings. */
export class IngestLambdaConfig extends LakeCatalogSettings {
  /** `s3` in AWS; `local` maps bucket/key to `$INSTALAKE_HOME/buckets/<bucket>/<key>` (replaying events on a laptop). */
  @IsIn(['s3', 'local'], { message: 'OBJECT_STORE must be s3 or local' }) objectStore: 's3' | 'local' = 's3';
  @Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB' })
  memoryLimit = '512MB';
  @IsOptional()
  @Transform(optionalNumber)
  @IsInt({ message: 'DUCKDB_THREADS must be a whole number' })
  @Min(1)
  @Max(64)
  threads?: number;
  /** Downloads, DuckDB spill files and rejects files (Lambda: under /tmp). */
  @IsString() @IsNotEmpty() scratchDirectory = join(tmpdir(), 'instalake');
  @Matches(PREFIX, { message: 'INSTALAKE_UPLOAD_PREFIX must end with "/" and not start with one' }) uploadPrefix =
    'uploads/';
  @Matches(PREFIX, { message: 'INSTALAKE_DLQ_PREFIX must end with "/" and not start with one' }) deadLetterPrefix =
    'dlq/';
  @IsIn(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'], {
    message: 'LOG_LEVEL must be DEBUG, INFO, WARN, ERROR or SILENT',
  })
  logLevel: LogLevel = 'INFO';
  /** An S3-compatible endpoint (tests, MinIO); unset in AWS. */
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'S3_ENDPOINT must be an http(s) URL' }) s3Endpoint?: string;
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : /^(1|true|yes)$/i.test(String(value))))
  @IsBoolean()
  s3ForcePathStyle?: boolean;

  get bucketsRoot(): string {
    return resolve(this.home, 'buckets');
  }
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadIngestLambdaConfig(env: NodeJS.ProcessEnv = process.env): IngestLambdaConfig {
  const raw: Record<string, unknown> = { ...lakeCatalogEnv(env) };
  const set = (key: keyof IngestLambdaConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  set('objectStore', env.OBJECT_STORE?.toLowerCase());
  set('memoryLimit', env.DUCKDB_MEMORY_LIMIT);
  set('threads', env.DUCKDB_THREADS);
  set('scratchDirectory', env.INSTALAKE_SCRATCH_DIR && resolve(env.INSTALAKE_SCRATCH_DIR));
  set('uploadPrefix', env.INSTALAKE_UPLOAD_PREFIX);
  set('deadLetterPrefix', env.INSTALAKE_DLQ_PREFIX);
  set('logLevel', env.LOG_LEVEL?.toUpperCase());
  set('s3Endpoint', env.S3_ENDPOINT);
  set('s3ForcePathStyle', env.S3_FORCE_PATH_STYLE);
  const config = plainToInstance(IngestLambdaConfig, raw);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(
      `Invalid ingest Lambda configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`,
    );
  }
  return config;
}
