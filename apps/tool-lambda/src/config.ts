import { Transform } from 'class-transformer';
import { Equals, IsArray, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOGGING_SOURCES, type LogLevel, readSettings, Setting } from '@instalake/composition';
import { LakeCatalogSettings, lakeCatalogEnv } from '@instalake/duckdb';

/** The tool Lambda's configuration, read from the environment once. LAKE_* settings: see LakeCatalogSettings. */
export class ToolLambdaConfig extends LakeCatalogSettings {
  /** The tool Lambda only ever reads the lake; the stack says so explicitly and anything else is a wiring mistake. */
  @Setting.flag()
  @Equals(true, { message: 'LAKE_READ_ONLY must be true (or unset): the tool Lambda never writes the lake' })
  lakeReadOnly = true;
  /** memory_limit of the query sandbox. */
  @Setting.memoryLimit() memoryLimit = '512MB';
  @Setting.wholeNumber('DUCKDB_THREADS', 1, 16) threads = 2;
  /** Row cap of /query_* (the model's own smaller LIMIT is kept). */
  @Setting.wholeNumber('QUERY_MAX_ROWS', 1, 10_000) maxRows = 100;
  @Setting.wholeNumber('QUERY_TIMEOUT_MS', 100, 300_000) timeoutMs = 10_000;
  /** Response body budget in bytes: Bedrock Agents accept about 25 KB per action-group response. */
  @Setting.wholeNumber('RESPONSE_MAX_BYTES', 1_000, 25_000) maxBodyBytes = 20_000;
  /**
   * Memory a query worker may take beyond its idle footprint (RLIMIT_AS); default: the worker's memory_limit. Keep
   * idle worker (~100 MB) + this + the handler (~150 MB) under the function's memory.
   */
  @Setting.wholeNumber('QUERY_WORKER_MEMORY_MB', 64, 16_384, true) workerMemoryMb?: number;
  /** Command prefix the query workers' Node runs under (a JSON array), e.g. an emulator in the arm64 tests. */
  @IsOptional()
  @Transform(({ value }) => parseJsonArray(value))
  @IsArray({
    message: 'QUERY_WORKER_LAUNCHER must be a JSON array of strings, e.g. ["qemu-aarch64", "-L", "/sysroot"]',
  })
  @IsString({ each: true, message: 'QUERY_WORKER_LAUNCHER must be a JSON array of strings' })
  workerLauncher?: string[];
  @IsString() @IsNotEmpty() scratchDirectory = join(tmpdir(), 'instalake');
  @Setting.logLevel() logLevel: LogLevel = 'INFO';
  @Setting.serviceName() serviceName = 'instalake-tools';
}

export function loadToolLambdaConfig(env: NodeJS.ProcessEnv = process.env): ToolLambdaConfig {
  return readSettings(
    ToolLambdaConfig,
    env,
    {
      lakeReadOnly: 'LAKE_READ_ONLY',
      memoryLimit: 'DUCKDB_MEMORY_LIMIT',
      threads: 'DUCKDB_THREADS',
      maxRows: 'QUERY_MAX_ROWS',
      timeoutMs: 'QUERY_TIMEOUT_MS',
      maxBodyBytes: 'RESPONSE_MAX_BYTES',
      workerMemoryMb: 'QUERY_WORKER_MEMORY_MB',
      workerLauncher: 'QUERY_WORKER_LAUNCHER',
      scratchDirectory: (e) => e.INSTALAKE_SCRATCH_DIR && resolve(e.INSTALAKE_SCRATCH_DIR),
      ...LOGGING_SOURCES,
    },
    'tool Lambda',
    lakeCatalogEnv(env),
  );
}

/** `["a", "b"]` -> the array; anything else is left for IsArray to refuse. */
function parseJsonArray(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
