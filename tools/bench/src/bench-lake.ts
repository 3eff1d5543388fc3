import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbLakeEngine, LocalCatalog } from '@instalake/duckdb';
import { derivedCitySql, isDerivedCity, TableSpec } from '@instalake/lake-schema';

/**
 * Builds a bench lake file once: generated into a temporary file and renamed only when complete, so a failed run
 * never leaves an empty lake that later runs would measure.
 */
export async function generateLakeOnce(
  lakeFile: string,
  engineOptions: { threads: number; memoryLimit: string },
  fill: (c: DuckDBConnection) => Promise<void>,
): Promise<void> {
  if (existsSync(lakeFile)) return;
  mkdirSync(dirname(lakeFile), { recursive: true });
  const partial = `${lakeFile}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const engine = await DuckDbLakeEngine.open({ catalog: new LocalCatalog(partial), ...engineOptions });
  try {
    await engine.withConnection(fill);
    await engine.withConnection((c) => c.run('CHECKPOINT'));
  } finally {
    engine.close();
  }
  renameSync(partial, lakeFile);
}

/**
 * Inserts generated rows into a lake table: `select` yields every column the scraper writes, in table order, and the
 * city columns ingest derives are computed here by lake-schema's own SQL, so a bench lake matches an ingested one
 * whatever columns the schema gains.
 */
export async function insertGenerated(c: DuckDBConnection, table: TableSpec, select: string): Promise<void> {
  const written = table.columns.filter((col) => !isDerivedCity(col));
  const values = table.columns.map((col) => derivedCitySql(col, `s.${col.derivedFrom}`) ?? `s.${col.name}`);
  await c.run(`INSERT INTO lake.${table.namespace}.${table.name} (${table.columns.map((col) => col.name).join(', ')})
    SELECT ${values.join(', ')} FROM (${select}) AS s(${written.map((col) => col.name).join(', ')})`);
}
