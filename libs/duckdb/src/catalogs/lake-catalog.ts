import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableSpec } from '@instalake/lake-schema';

/**
 * What DuckDB attaches as `lake`. The MERGE and SELECT SQL is the same for every catalog;
 * only the ATTACH/secret statements and the DDL differ.
 */
export interface LakeCatalog {
  readonly kind: 'local' | 'iceberg-glue' | 'iceberg-rest';
  /** Statements run once per database instance before anything else (LOAD, CREATE SECRET, ATTACH ... AS lake). */
  attachStatements(): string[];
  /** CREATE SCHEMA / CREATE TABLE IF NOT EXISTS for the lake tables and the ingest log. */
  ddlStatements(tables: readonly TableSpec[]): string[];
  /** After the DDL: adds what tables created by an earlier release lack (returns `table.column` of each added). */
  upgradeTables?(connection: DuckDBConnection, tables: readonly TableSpec[]): Promise<string[]>;
  /** What the query tool reports as its `source`. */
  readonly sourceLabel: string;
}

export const LAKE_ALIAS = 'lake';
