import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOGGING_SOURCES, type LogLevel, lower, readSettings, Setting } from '@instalake/composition';
import { LakeCatalogSettings, lakeCatalogEnv } from '@instalake/duckdb';

const ENDPOINT = /^https?:\/\/\S+$/;
const BEDROCK_ID = /^[0-9A-Za-z]{1,10}$/;

/** The knowledge base is configured whole or not at all: a bucket without a knowledge base would write for nobody. */
const KnowledgeTogether = () =>
  ValidateBy({
    name: 'knowledgeTogether',
    validator: {
      validate: (_value, args) => {
        const c = args?.object as IngestLambdaConfig;
        const set = [c.knowledgeBucket, c.knowledgeBaseId, c.knowledgeDataSourceId].filter(Boolean).length;
        return set === 0 || set === 3;
      },
      defaultMessage: () =>
        'KNOWLEDGE_BUCKET, KNOWLEDGE_BASE_ID and KNOWLEDGE_DATA_SOURCE_ID go together: set all three or none',
    },
  });

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
  /**
   * The knowledge base the ingest keeps in step (all three or none): the changed post documents go to this bucket
   * after each file, and one ingestion job per batch is started on the data source over them.
   */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'KNOWLEDGE_BUCKET must be an S3 bucket name' })
  knowledgeBucket?: string;
  @IsOptional()
  @Matches(BEDROCK_ID, { message: 'KNOWLEDGE_BASE_ID must be a Bedrock knowledge base id (10 characters)' })
  knowledgeBaseId?: string;
  @IsOptional()
  @Matches(BEDROCK_ID, { message: 'KNOWLEDGE_DATA_SOURCE_ID must be a Bedrock data source id (10 characters)' })
  knowledgeDataSourceId?: string;
  /** Key prefix of the documents and of the sync manifest ('' or ending in "/"). */
  @KnowledgeTogether()
  @Matches(/^(|[^/].*\/)$/, { message: 'KNOWLEDGE_PREFIX must be empty or end with "/"' })
  knowledgePrefix = '';
  /** Another Bedrock Agent endpoint (a VPC endpoint, or a local stand-in in tests). */
  @IsOptional()
  @Matches(ENDPOINT, { message: 'BEDROCK_AGENT_ENDPOINT must be an http(s) URL' })
  bedrockAgentEndpoint?: string;
  /** Another Glue API endpoint for the deploy-time schema check (a VPC endpoint, or a stand-in in tests). */
  @IsOptional() @Matches(ENDPOINT, { message: 'GLUE_ENDPOINT must be an http(s) URL' }) glueEndpoint?: string;

  /** True when the knowledge base is configured (config loading refuses a partial configuration). */
  get syncsKnowledge(): boolean {
    return Boolean(this.knowledgeBucket && this.knowledgeBaseId && this.knowledgeDataSourceId);
  }
  /** INSTALAKE_MAPPING_KEY: key of the mapping file (JSON rules) in the raw bucket; no object there means no mapping. */
  @IsOptional()
  @Matches(/^[^/].*\.json$/i, {
    message: 'INSTALAKE_MAPPING_KEY must be a .json key in the raw bucket, e.g. config/mapping.json',
  })
  mappingKey?: string;
  /** INSTALAKE_RAW_BUCKET (or RAW_BUCKET): the raw bucket, which holds the mapping file. */
  @ValidateIf((c: IngestLambdaConfig) => c.mappingKey !== undefined || c.rawBucket !== undefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'INSTALAKE_RAW_BUCKET must be a valid S3 bucket name' })
  @IsNotEmpty({ message: 'INSTALAKE_MAPPING_KEY needs INSTALAKE_RAW_BUCKET, the bucket that holds it' })
  rawBucket?: string;

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
      knowledgeBucket: 'KNOWLEDGE_BUCKET',
      knowledgeBaseId: 'KNOWLEDGE_BASE_ID',
      knowledgeDataSourceId: 'KNOWLEDGE_DATA_SOURCE_ID',
      knowledgePrefix: 'KNOWLEDGE_PREFIX',
      bedrockAgentEndpoint: 'BEDROCK_AGENT_ENDPOINT',
      glueEndpoint: 'GLUE_ENDPOINT',
      mappingKey: 'INSTALAKE_MAPPING_KEY',
      rawBucket: (e) => e.INSTALAKE_RAW_BUCKET ?? e.RAW_BUCKET,
    },
    'ingest Lambda',
    lakeCatalogEnv(env),
  );
}
