import 'reflect-metadata';
import { S3Client } from '@aws-sdk/client-s3';
import { Container } from 'inversify';
import {
  CLOCK,
  INGEST_LOG,
  IngestCsvFile,
  LAKE_LOADER,
  OBJECT_STORE,
  systemClock,
  type Clock,
  type IngestLog,
  type LakeLoader,
  type ObjectStore,
  type UploadPolicy,
} from '@instalake/ingestion';
import {
  catalogFromConfig,
  lakeCatalogConfigFrom,
  DuckDbIngestLog,
  DuckDbLakeEngine,
  DuckDbLakeLoader,
  type LakeCatalogConfig,
} from '@instalake/duckdb';
import { LocalObjectStore, S3ObjectStore } from '@instalake/object-store';
import type { IngestLambdaConfig } from './config';

export const CONFIG = Symbol.for('instalake.IngestLambdaConfig');
export const LAKE_ENGINE = Symbol.for('instalake.LakeEngine');
export const UPLOAD_POLICY = Symbol.for('instalake.UploadPolicy');

/** Maps the validated LAKE_* settings to the catalog the engine attaches (catalogFromConfig re-checks the values). */
export function lakeCatalogConfig(config: IngestLambdaConfig): LakeCatalogConfig {
  return lakeCatalogConfigFrom(config);
}

export function createObjectStore(config: IngestLambdaConfig): ObjectStore {
  if (config.objectStore === 'local') return new LocalObjectStore(config.bucketsRoot);
  const client = new S3Client({
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
    ...(config.s3ForcePathStyle !== undefined ? { forcePathStyle: config.s3ForcePathStyle } : {}),
  });
  return new S3ObjectStore(client, { scratchDirectory: config.scratchDirectory });
}

/** Composition root of the ingest Lambda: config -> adapters -> ports -> IngestCsvFile. The engine opens lazily, once. */
export function createContainer(config: IngestLambdaConfig): Container {
  const c = new Container();
  c.bind<IngestLambdaConfig>(CONFIG).toConstantValue(config);
  c.bind<UploadPolicy>(UPLOAD_POLICY).toConstantValue({
    uploadPrefix: config.uploadPrefix,
    deadLetterPrefix: config.deadLetterPrefix,
  });
  c.bind<Clock>(CLOCK).toConstantValue(systemClock);
  c.bind<ObjectStore>(OBJECT_STORE)
    .toDynamicValue(() => createObjectStore(config))
    .inSingletonScope();
  c.bind<DuckDbLakeEngine>(LAKE_ENGINE)
    .toDynamicValue(() =>
      DuckDbLakeEngine.open({
        catalog: catalogFromConfig(lakeCatalogConfig(config)),
        memoryLimit: config.memoryLimit,
        threads: config.threads,
        tempDirectory: config.scratchDirectory,
        extensionDirectory: config.extensionDirectory,
        homeDirectory: config.duckdbHomeDirectory ?? config.scratchDirectory,
      }),
    )
    .inSingletonScope();
  c.bind<LakeLoader>(LAKE_LOADER)
    .toResolvedValue((engine: DuckDbLakeEngine) => new DuckDbLakeLoader(engine, config.scratchDirectory), [LAKE_ENGINE])
    .inSingletonScope();
  c.bind<IngestLog>(INGEST_LOG)
    .toResolvedValue((engine: DuckDbLakeEngine) => new DuckDbIngestLog(engine), [LAKE_ENGINE])
    .inSingletonScope();
  c.bind(IngestCsvFile)
    .toResolvedValue(
      (store: ObjectStore, loader: LakeLoader, log: IngestLog, clock: Clock, policy: UploadPolicy) =>
        new IngestCsvFile(store, loader, log, clock, policy),
      [OBJECT_STORE, LAKE_LOADER, INGEST_LOG, CLOCK, UPLOAD_POLICY],
    )
    .inSingletonScope();
  return c;
}
