import type { DuckDBConnection } from '@duckdb/node-api';
import { LAKE_NAMESPACE, TableSpec } from '@instalake/lake-schema';
import { quoteLiteral } from '../sql/sql-text';
import { LAKE_ALIAS, LakeCatalog } from './lake-catalog';
import { addMissingColumns } from './local-upgrade';
import { columnDefinitions, INGEST_LOG_COLUMNS, INGEST_LOG_TABLE, qualifiedTable } from './table-ddl';

/** The local default: a DuckDB database file with the same schema as the Iceberg tables. */
export class LocalCatalog implements LakeCatalog {
  readonly kind = 'local' as const;
  readonly sourceLabel = 'local';
  constructor(
    readonly databaseFile: string,
    readonly readOnly = false,
  ) {}

  attachStatements(): string[] {
    return [`ATTACH ${quoteLiteral(this.databaseFile)} AS ${LAKE_ALIAS}${this.readOnly ? ' (READ_ONLY)' : ''}`];
  }

  ddlStatements(tables: readonly TableSpec[]): string[] {
    return [
      `CREATE SCHEMA IF NOT EXISTS ${LAKE_ALIAS}.${LAKE_NAMESPACE}`,
      ...tables.map((t) => `CREATE TABLE IF NOT EXISTS ${qualifiedTable(t.name)} (${columnDefinitions(t)})`),
      `CREATE TABLE IF NOT EXISTS ${qualifiedTable(INGEST_LOG_TABLE)} (${INGEST_LOG_COLUMNS})`,
    ];
  }

  upgradeTables(connection: DuckDBConnection, tables: readonly TableSpec[]): Promise<string[]> {
    return this.readOnly ? Promise.resolve([]) : addMissingColumns(connection, tables);
  }
}
