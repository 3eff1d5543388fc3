import {
  createKnowledge,
  createObjectStore,
  openCatalogMetadata,
  openIngestion,
  type Ingestion,
  type LakeOptions,
} from '@instalake/composition';
import type { ObjectStore } from '@instalake/ingestion';
import type { SyncKnowledgeDocuments } from '@instalake/knowledge';
import type { CatalogMetadata } from '@instalake/lake-schema';
import { lakeCatalogConfigFrom, type LakeCatalogConfig } from '@instalake/duckdb';
import type { IngestLambdaConfig } from './config';

/** Maps the validated LAKE_* settings to the catalog the engine attaches (catalogFromConfig re-checks the values). */
export function lakeCatalogConfig(config: IngestLambdaConfig): LakeCatalogConfig {
  return lakeCatalogConfigFrom(config);
}

/** The lake and DuckDB's settings, for ingestion and the lake-tables DDL alike: /tmp for everything written. */
export function lakeOptions(config: IngestLambdaConfig): LakeOptions {
  return {
    lake: lakeCatalogConfig(config),
    memoryLimit: config.memoryLimit,
    threads: config.threads,
    tempDirectory: config.scratchDirectory,
    extensionDirectory: config.extensionDirectory,
    homeDirectory: config.duckdbHomeDirectory ?? config.scratchDirectory,
  };
}

/** The raw bucket's store: S3 in AWS (the knowledge bucket too), a folder per bucket on a laptop. */
function objectStoreOf(config: IngestLambdaConfig): ObjectStore {
  return config.objectStore === 'local'
    ? createObjectStore({ kind: 'local', bucketsRoot: config.bucketsRoot })
    : createObjectStore({
        kind: 's3',
        scratchDirectory: config.scratchDirectory,
        endpoint: config.s3Endpoint,
        forcePathStyle: config.s3ForcePathStyle,
      });
}

/** The ingestion use cases, and the knowledge sync on the same engine when a knowledge base is configured. */
export interface IngestLambdaRuntime extends Ingestion {
  readonly knowledge: SyncKnowledgeDocuments | null;
}

/** Composition root of the ingest Lambda: config -> object store (S3 or local) + lake engine -> the ingestion use cases. */
export async function openIngestLambdaIngestion(config: IngestLambdaConfig): Promise<IngestLambdaRuntime> {
  const objectStore = objectStoreOf(config);
  const ingestion = await openIngestion({
    ...lakeOptions(config),
    objectStore,
    scratchDirectory: config.scratchDirectory,
    uploadPolicy: { uploadPrefix: config.uploadPrefix, deadLetterPrefix: config.deadLetterPrefix },
    mapping:
      config.mappingKey && config.rawBucket
        ? { kind: 'object', ref: { bucket: config.rawBucket, key: config.mappingKey } }
        : { kind: 'none' },
  });
  const knowledge = config.syncsKnowledge
    ? createKnowledge({
        objectStore,
        layout: { bucket: config.knowledgeBucket!, prefix: config.knowledgePrefix },
        index: {
          kind: 'bedrock',
          knowledgeBaseId: config.knowledgeBaseId!,
          dataSourceId: config.knowledgeDataSourceId!,
          endpoint: config.bedrockAgentEndpoint,
        },
      }).sync(ingestion.engine)
    : null;
  return { ...ingestion, knowledge };
}

/** The deployed tables as Glue reports them, for the lake-tables check; only the Glue catalog has them there. */
export function catalogMetadataOf(config: IngestLambdaConfig): CatalogMetadata | null {
  return config.lakeCatalog === 'iceberg-glue'
    ? openCatalogMetadata({ kind: 'glue', catalogId: config.lakeAccountId, endpoint: config.glueEndpoint })
    : null;
}
