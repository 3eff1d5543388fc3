import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';

/** The CLI's configuration, read from the environment once (nothing else reads process.env). */
export class CliConfig {
  /** Where everything local lives: buckets/, lake.duckdb, tmp/. */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  /** The raw bucket name (a folder under $INSTALAKE_HOME/buckets locally). */
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'INSTALAKE_RAW_BUCKET must be a valid S3 bucket name' })
  rawBucket = 'instalake-raw';
  @Matches(/^[^/].*\/$/, { message: 'INSTALAKE_UPLOAD_PREFIX must end with "/" and not start with one' }) uploadPrefix =
    'uploads/';
  @Matches(/^[^/].*\/$/, { message: 'INSTALAKE_DLQ_PREFIX must end with "/" and not start with one' })
  deadLetterPrefix = 'dlq/';
  @Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB' })
  memoryLimit = '512MB';
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(64)
  threads?: number;
  @IsIn(['local']) lakeCatalog = 'local' as const;
  /** INSTALAKE_API_TOKEN: when set, `serve` requires `Authorization: Bearer <token>` on POST /api/query. Never printed. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'INSTALAKE_API_TOKEN must be at least 16 characters' })
  apiToken?: string;

  get bucketsRoot(): string {
    return resolve(this.home, 'buckets');
  }
  get lakeFile(): string {
    return resolve(this.home, 'lake.duckdb');
  }
  get scratchDirectory(): string {
    return resolve(this.home, 'tmp');
  }
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const raw: Record<string, unknown> = {};
  const set = (key: keyof CliConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  set('home', env.INSTALAKE_HOME && resolve(env.INSTALAKE_HOME));
  set('rawBucket', env.INSTALAKE_RAW_BUCKET);
  set('uploadPrefix', env.INSTALAKE_UPLOAD_PREFIX);
  set('deadLetterPrefix', env.INSTALAKE_DLQ_PREFIX);
  set('memoryLimit', env.DUCKDB_MEMORY_LIMIT);
  set('threads', env.DUCKDB_THREADS);
  set('lakeCatalog', env.LAKE_CATALOG);
  set('apiToken', env.INSTALAKE_API_TOKEN);
  const config = plainToInstance(CliConfig, raw);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`,
    );
  }
  return config;
}
