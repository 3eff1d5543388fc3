import 'reflect-metadata';
import { Container } from 'inversify';
import {
  CLOCK,
  INGEST_LOG,
  IngestCsvFile,
  IngestPendingUploads,
  LAKE_LOADER,
  OBJECT_STORE,
  ReplayDeadLetter,
  systemClock,
  type Clock,
  type IngestLog,
  type LakeLoader,
  type ObjectStore,
  type UploadPolicy,
} from '@instalake/ingestion';
import { DuckDbIngestLog, DuckDbLakeEngine, DuckDbLakeLoader, LocalCatalog } from '@instalake/duckdb';
import { LocalObjectStore } from '@instalake/object-store';
import type { CliConfig } from '../config';

export const CONFIG = Symbol.for('instalake.CliConfig');
export const LAKE_ENGINE = Symbol.for('instalake.LakeEngine');
export const UPLOAD_POLICY = Symbol.for('instalake.UploadPolicy');

/** Composition root of the CLI: adapters -> ports -> use cases. The engine opens lazily (async binding). */
export function createContainer(config: CliConfig): Container {
  const c = new Container();
  c.bind<CliConfig>(CONFIG).toConstantValue(config);
  c.bind<UploadPolicy>(UPLOAD_POLICY).toConstantValue({
    uploadPrefix: config.uploadPrefix,
    deadLetterPrefix: config.deadLetterPrefix,
  });
  c.bind<Clock>(CLOCK).toConstantValue(systemClock);
  c.bind<ObjectStore>(OBJECT_STORE).toConstantValue(new LocalObjectStore(config.bucketsRoot));
  c.bind<DuckDbLakeEngine>(LAKE_ENGINE)
    .toDynamicValue(() =>
      DuckDbLakeEngine.open({
        catalog: new LocalCatalog(config.lakeFile),
        memoryLimit: config.memoryLimit,
        threads: config.threads,
        tempDirectory: config.scratchDirectory,
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
  c.bind(IngestPendingUploads)
    .toResolvedValue(
      (store: ObjectStore, log: IngestLog, ingest: IngestCsvFile, policy: UploadPolicy) =>
        new IngestPendingUploads(store, log, ingest, policy),
      [OBJECT_STORE, INGEST_LOG, IngestCsvFile, UPLOAD_POLICY],
    )
    .inSingletonScope();
  c.bind(ReplayDeadLetter)
    .toResolvedValue(
      (store: ObjectStore, ingest: IngestCsvFile, clock: Clock, policy: UploadPolicy) =>
        new ReplayDeadLetter(store, ingest, clock, policy),
      [OBJECT_STORE, IngestCsvFile, CLOCK, UPLOAD_POLICY],
    )
    .inSingletonScope();
  return c;
}
