import { createObjectStore, openIngestion, type Ingestion, type LakeOptions } from '@instalake/composition';
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

/** Composition root of the ingest Lambda: config -> object store (S3 or local) + lake engine -> the ingestion use cases. */
export function openIngestLambdaIngestion(config: IngestLambdaConfig): Promise<Ingestion> {
  const objectStore =
    config.objectStore === 'local'
      ? createObjectStore({ kind: 'local', bucketsRoot: config.bucketsRoot })
      : createObjectStore({
          kind: 's3',
          scratchDirectory: config.scratchDirectory,
          endpoint: config.s3Endpoint,
          forcePathStyle: config.s3ForcePathStyle,
        });
  return openIngestion({
    ...lakeOptions(config),
    objectStore,
    scratchDirectory: config.scratchDirectory,
    uploadPolicy: { uploadPrefix: config.uploadPrefix, deadLetterPrefix: config.deadLetterPrefix },
  });
}
