import { mkdir } from 'node:fs/promises';
import {
  DEFAULT_UPLOAD_POLICY,
  IngestCsvFile,
  IngestPendingUploads,
  ReplayDeadLetter,
  systemClock,
  type Clock,
  type ObjectStore,
  type UploadPolicy,
} from '@instalake/ingestion';
import {
  catalogFromConfig,
  DuckDbIngestLog,
  DuckDbLakeEngine,
  DuckDbLakeLoader,
  type DuckDbInstanceSettings,
  type LakeCatalogConfig,
} from '@instalake/duckdb';

/** The lake to open and DuckDB's memory, threads and directories (spill files, extensions, home). */
export interface LakeOptions extends DuckDbInstanceSettings {
  /** A local DuckDB file, or an Iceberg catalog (Glue, REST), as data from the app's config. */
  readonly lake: LakeCatalogConfig;
}

/** Opens the lake engine; its catalog creates the missing tables (the deploy-time DDL is exactly this). */
export function openLakeEngine({ lake, ...duckdb }: LakeOptions): Promise<DuckDbLakeEngine> {
  return DuckDbLakeEngine.open({ ...duckdb, catalog: catalogFromConfig(lake) });
}

/** `tempDirectory` (DuckDB spill files) defaults to the scratch directory. */
export interface IngestionOptions extends LakeOptions {
  /** The raw bucket's store (and the dead-letter prefix in it). */
  readonly objectStore: ObjectStore;
  /** Staged downloads and rejects files; created if missing. */
  readonly scratchDirectory: string;
  readonly uploadPolicy?: UploadPolicy;
  readonly clock?: Clock;
}

/** The ingestion use cases on one lake engine, the only writer of the lake in its process. */
export interface Ingestion {
  readonly engine: DuckDbLakeEngine;
  readonly policy: UploadPolicy;
  readonly ingestCsvFile: IngestCsvFile;
  readonly ingestPendingUploads: IngestPendingUploads;
  readonly replayDeadLetter: ReplayDeadLetter;
  /** Closes the engine (releases a local lake file). */
  close(): void;
}

/** Opens the lake engine and wires the loader, the ingest log and the use cases on it. */
export async function openIngestion(options: IngestionOptions): Promise<Ingestion> {
  const { objectStore: store, lake, scratchDirectory, uploadPolicy, clock: given, ...duckdb } = options;
  await mkdir(scratchDirectory, { recursive: true });
  const engine = await openLakeEngine({ tempDirectory: scratchDirectory, ...duckdb, lake });
  const policy = uploadPolicy ?? DEFAULT_UPLOAD_POLICY;
  const clock = given ?? systemClock;
  const log = new DuckDbIngestLog(engine);
  const ingestCsvFile = new IngestCsvFile(store, new DuckDbLakeLoader(engine, scratchDirectory), log, clock, policy);
  return {
    engine,
    policy,
    ingestCsvFile,
    ingestPendingUploads: new IngestPendingUploads(store, log, ingestCsvFile, policy),
    replayDeadLetter: new ReplayDeadLetter(store, ingestCsvFile, clock, policy),
    close: () => engine.close(),
  };
}
