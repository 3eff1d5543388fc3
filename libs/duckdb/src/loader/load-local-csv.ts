import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readCsvHeader, resolveFileLayout, type FileMapping } from '@instalake/lake-schema';
import type { IngestLogEntry, LakeLoader, LoadOutcome } from '@instalake/ingestion';
import type { TableName } from '@instalake/lake-schema';

export interface LocalCsvLoad {
  readonly path: string;
  /** The key the file is known by (its kind comes from the name when the header does not say); default: its name. */
  readonly key?: string;
  readonly loadedAt: Date;
  readonly mapping?: FileMapping;
}

/** The ingest log entry of a file loaded without the ingest use case (bucket `local`, one entry per load time). */
export function localLogEntry(key: string, table: TableName, loadedAt: Date, o: LoadOutcome): IngestLogEntry {
  return {
    bucket: 'local',
    key,
    etag: `${key}@${loadedAt.toISOString()}`,
    table,
    status: 'ingested',
    rowsRead: o.rowsRead,
    landed: o.landed,
    duplicates: o.duplicates,
    rejected: o.rejected,
    startedAt: loadedAt,
    finishedAt: loadedAt,
  };
}

/**
 * Loads a local CSV straight through the bulk loader, logged like an upload (bucket `local`): for seeding test lakes,
 * fixtures and benchmarks, where the ingest use case's object store and dead letters are beside the point.
 */
export async function loadLocalCsv(loader: LakeLoader, load: LocalCsvLoad): Promise<LoadOutcome> {
  const key = load.key ?? basename(load.path);
  const head = (await readFile(load.path)).subarray(0, 256 * 1024).toString('utf8');
  const layout = resolveFileLayout(key, readCsvHeader(head).fields, load.mapping);
  if (!layout) throw new Error(`${key} is neither a posts nor a restaurants file`);
  return loader.load(
    { path: load.path, format: 'csv', layout, loadedAt: load.loadedAt, sourceKey: key },
    { logEntry: (o) => localLogEntry(key, layout.table.name, load.loadedAt, o) },
  );
}
