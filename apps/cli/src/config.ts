import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { resolve } from 'node:path';
import {
  lower,
  languageModelOf,
  OPENAI_SOURCES,
  readSettings,
  Setting,
  type LanguageModelChoice,
} from '@instalake/composition';

/** The CLI's configuration, read from the environment once (nothing else reads process.env). */
export class CliConfig {
  /** Where everything local lives: buckets/, lake.duckdb, tmp/, cache/. */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  /** The raw bucket name (a folder under $INSTALAKE_HOME/buckets locally). */
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'INSTALAKE_RAW_BUCKET must be a valid S3 bucket name' })
  rawBucket = 'instalake-raw';
  @Setting.prefix('INSTALAKE_UPLOAD_PREFIX') uploadPrefix = 'uploads/';
  @Setting.prefix('INSTALAKE_DLQ_PREFIX') deadLetterPrefix = 'dlq/';
  @Setting.memoryLimit() memoryLimit = '512MB';
  @Setting.wholeNumber('DUCKDB_THREADS', 1, 64, true) threads?: number;
  @IsIn(['local'], { message: 'LAKE_CATALOG must be local for the CLI (the Lambdas read Iceberg catalogs)' })
  lakeCatalog = 'local' as const;
  /** AGENT: `local` (the offline agent) or `openai-compatible` (a model behind OPENAI_BASE_URL, the offline agent as fallback). */
  @IsIn(['local', 'openai-compatible'], { message: 'AGENT must be local or openai-compatible' })
  agent: 'local' | 'openai-compatible' = 'local';
  @Setting.openAiBaseUrl() openaiBaseUrl?: string;
  @Setting.openAiModel() openaiModel?: string;
  /** OPENAI_API_KEY: the server's key; local servers accept any. Never printed. */
  @IsOptional() @IsString() openaiApiKey?: string;
  /** OPENAI_TIMEOUT_MS: one model request's time limit. */
  @Setting.wholeNumber('OPENAI_TIMEOUT_MS', 1000, 600_000) openaiTimeoutMs = 60_000;
  /** INSTALAKE_LOCK_WAIT_MS: how long a command waits for a lake another command is using (default 60 s). */
  @Setting.wholeNumber('INSTALAKE_LOCK_WAIT_MS', 0, 3_600_000) lockWaitMs = 60_000;
  /** INSTALAKE_MAPPING_FILE: a mapping file (JSON rules: renames, defaults per file pattern) ingestion applies. */
  @IsOptional() @IsString() @IsNotEmpty() mappingFile?: string;
  /** INSTALAKE_MAPPING_KEY: the same, as a key in the raw bucket (what the ingest Lambda reads); none there: none. */
  @IsOptional()
  @Matches(/^[^/].*\.json$/i, {
    message: 'INSTALAKE_MAPPING_KEY must be a .json key in the raw bucket, e.g. config/mapping.json',
  })
  mappingKey?: string;
  /** INSTALAKE_API_TOKEN: when set, `serve` requires `Authorization: Bearer <token>` on POST /api/query. Never printed. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'INSTALAKE_API_TOKEN must be at least 16 characters' })
  apiToken?: string;

  /** The model server when AGENT=openai-compatible, else undefined. */
  get languageModel(): LanguageModelChoice | undefined {
    return languageModelOf(this, this.openaiTimeoutMs);
  }

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

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return readSettings(
    CliConfig,
    env,
    {
      home: (e) => e.INSTALAKE_HOME && resolve(e.INSTALAKE_HOME),
      rawBucket: 'INSTALAKE_RAW_BUCKET',
      uploadPrefix: 'INSTALAKE_UPLOAD_PREFIX',
      deadLetterPrefix: 'INSTALAKE_DLQ_PREFIX',
      memoryLimit: 'DUCKDB_MEMORY_LIMIT',
      threads: 'DUCKDB_THREADS',
      lakeCatalog: 'LAKE_CATALOG',
      lockWaitMs: 'INSTALAKE_LOCK_WAIT_MS',
      apiToken: 'INSTALAKE_API_TOKEN',
      agent: lower('AGENT'),
      ...OPENAI_SOURCES,
      openaiTimeoutMs: 'OPENAI_TIMEOUT_MS',
      mappingFile: (e) => e.INSTALAKE_MAPPING_FILE && resolve(e.INSTALAKE_MAPPING_FILE),
      mappingKey: 'INSTALAKE_MAPPING_KEY',
    },
    'CLI',
  );
}
