import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { Equals, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { LakeCatalogSettings, lakeCatalogEnv } from '@instalake/duckdb';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
const optionalNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The tool Lambda's configuration, read from the environment once (nothing else reads process.env). LAKE_* settings: see LakeCatalogSettings. */
export class ToolLambdaConfig extends LakeCatalogSettings {
  /** The tool Lambda only ever reads the lake; the stack says so explicitly and anything else is a wiring mistake. */
  @Equals(true, { message: 'LAKE_READ_ONLY must be true (or unset): the tool Lambda never writes the lake' })
  lakeReadOnly = true;
  /** memory_limit of the query sandbox. */
  @Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB' })
  memoryLimit = '512MB';
  @Transform(optionalNumber) @IsInt({ message: 'DUCKDB_THREADS must be a whole number' }) @Min(1) @Max(16) threads = 2;
  /** Row cap of /query_* (the model's own smaller LIMIT is kept). */
  @Transform(optionalNumber) @IsInt({ message: 'QUERY_MAX_ROWS must be a whole number' }) @Min(1) @Max(10_000) maxRows =
    100;
  @Transform(optionalNumber)
  @IsInt({ message: 'QUERY_TIMEOUT_MS must be a whole number' })
  @Min(100)
  @Max(300_000)
  timeoutMs = 10_000;
  /** Response body budget in bytes: Bedrock Agents accept about 25 KB per action-group response. */
  @Transform(optionalNumber)
  @IsInt({ message: 'RESPONSE_MAX_BYTES must be a whole number' })
  @Min(1_000)
  @Max(25_000)
  maxBodyBytes = 20_000;
  @IsString() @IsNotEmpty() scratchDirectory = join(tmpdir(), 'instalake');
  @IsIn(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'], {
    message: 'LOG_LEVEL must be DEBUG, INFO, WARN, ERROR or SILENT',
  })
  logLevel: LogLevel = 'INFO';
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadToolLambdaConfig(env: NodeJS.ProcessEnv = process.env): ToolLambdaConfig {
  const raw: Record<string, unknown> = { ...lakeCatalogEnv(env) };
  const set = (key: keyof ToolLambdaConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  if (env.LAKE_READ_ONLY !== undefined && env.LAKE_READ_ONLY !== '')
    raw.lakeReadOnly = /^(1|true|yes)$/i.test(env.LAKE_READ_ONLY);
  set('memoryLimit', env.DUCKDB_MEMORY_LIMIT);
  set('threads', env.DUCKDB_THREADS);
  set('maxRows', env.QUERY_MAX_ROWS);
  set('timeoutMs', env.QUERY_TIMEOUT_MS);
  set('maxBodyBytes', env.RESPONSE_MAX_BYTES);
  set('scratchDirectory', env.INSTALAKE_SCRATCH_DIR && resolve(env.INSTALAKE_SCRATCH_DIR));
  set('logLevel', env.LOG_LEVEL?.toUpperCase());
  const config = plainToInstance(ToolLambdaConfig, raw);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(
      `Invalid tool Lambda configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`,
    );
  }
  return config;
}
