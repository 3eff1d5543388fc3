import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_UPLOAD_POLICY,
  IngestCsvFile,
  IngestPendingUploads,
  MappingError,
  NO_MAPPING,
  ObjectStoreMappingSource,
  parseIngestMapping,
  ReplayDeadLetter,
  StaticMappingSource,
  systemClock,
  type Clock,
  type MappingSource,
  type ObjectRef,
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

/**
 * Where ingestion finds the user's mapping file (column renames, per-file defaults): none, a local file (read and
 * validated once), or an object in a bucket (re-read when its ETag changes; no object there means no mapping).
 */
export type MappingChoice =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'object'; readonly ref: ObjectRef };

export function createMappingSource(choice: MappingChoice, objectStore: ObjectStore): MappingSource {
  switch (choice.kind) {
    case 'file': {
      let text: string;
      try {
        text = readFileSync(choice.path, 'utf8');
      } catch (error) {
        throw new MappingError(choice.path, [`it cannot be read (${(error as Error).message})`]);
      }
      return new StaticMappingSource(parseIngestMapping(text, choice.path));
    }
    case 'object':
      return new ObjectStoreMappingSource(objectStore, choice.ref);
    default:
      return NO_MAPPING;
  }
}

/** `tempDirectory` (DuckDB spill files) defaults to the scratch directory. */
export interface IngestionOptions extends LakeOptions {
  /** The raw bucket's store (and the dead-letter prefix in it). */
  readonly objectStore: ObjectStore;
  /** Staged downloads and rejects files; created if missing. */
  readonly scratchDirectory: string;
  readonly uploadPolicy?: UploadPolicy;
  readonly clock?: Clock;
  /** The mapping file every upload is read with (default none). */
  readonly mapping?: MappingChoice;
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
  const { objectStore: store, lake, scratchDirectory, uploadPolicy, clock: given, mapping, ...duckdb } = options;
  const mappings = createMappingSource(mapping ?? { kind: 'none' }, store);
  await mkdir(scratchDirectory, { recursive: true });
  const engine = await openLakeEngine({ tempDirectory: scratchDirectory, ...duckdb, lake });
  const policy = uploadPolicy ?? DEFAULT_UPLOAD_POLICY;
  const clock = given ?? systemClock;
  const log = new DuckDbIngestLog(engine);
  const loader = new DuckDbLakeLoader(engine, scratchDirectory);
  const ingestCsvFile = new IngestCsvFile(store, loader, log, clock, policy, mappings);
  return {
    engine,
    policy,
    ingestCsvFile,
    ingestPendingUploads: new IngestPendingUploads(store, log, ingestCsvFile, policy),
    replayDeadLetter: new ReplayDeadLetter(store, ingestCsvFile, clock, policy),
    close: () => engine.close(),
  };
}
