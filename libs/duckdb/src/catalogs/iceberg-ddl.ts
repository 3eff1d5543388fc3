import { InstalakeError } from '@instalake/errors';

import { LAKE_NAMESPACE, TableSpec } from '@instalake/lake-schema';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import { LAKE_ALIAS } from './lake-catalog';
import { columnDefinitions, INGEST_LOG_COLUMNS, INGEST_LOG_TABLE, qualifiedTable } from './table-ddl';

/** Extensions an Iceberg catalog needs, loaded from `extension_directory` (bundled for linux_arm64 in the Lambda layer). */
export const ICEBERG_EXTENSIONS = ['httpfs', 'aws', 'avro', 'iceberg'] as const;

/** A configuration value is unusable: raised before DuckDB is touched, so the message can say which setting to fix. */
export class LakeCatalogConfigError extends InstalakeError {
  constructor(setting: string, problem: string) {
    super('LAKE_CATALOG_CONFIG', `Lake catalog setting ${setting} ${problem}.`);
  }
}

export interface IcebergRuntimeOptions {
  /** Directory holding `<duckdb version>/<platform>/*.duckdb_extension`; nothing is downloaded at run time. */
  readonly extensionDirectory?: string;
  /** DuckDB's home (secrets, caches); must be writable: `/tmp` in Lambda. */
  readonly homeDirectory?: string;
}

/** SET + LOAD statements shared by both Iceberg catalogs; auto-install stays off (the engine configures that). */
export function runtimeStatements(
  options: IcebergRuntimeOptions,
  extensions: readonly string[] = ICEBERG_EXTENSIONS,
): string[] {
  const statements: string[] = [];
  if (options.homeDirectory) statements.push(`SET home_directory = ${quoteLiteral(options.homeDirectory)}`);
  if (options.extensionDirectory)
    statements.push(`SET extension_directory = ${quoteLiteral(options.extensionDirectory)}`);
  for (const extension of extensions) statements.push(`LOAD ${extension}`);
  return statements;
}

/**
 * Iceberg transform notation from lake-schema (`month(posted_date)`, `city`, `bucket(16, id)`) as DuckDB's
 * PARTITIONED BY item, with the column name quoted.
 */
export function partitionItem(transform: string): string {
  const call = /^\s*([a-z_]+)\s*\(\s*(?:(\d+)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/.exec(transform);
  if (call) {
    const [, fn, width, column] = call;
    return `${fn}(${width ? `${width}, ` : ''}${quoteIdent(column)})`;
  }
  if (/^\s*[A-Za-z_][A-Za-z0-9_]*\s*$/.test(transform)) return quoteIdent(transform.trim());
  throw new LakeCatalogConfigError(
    'partitioning',
    `has an unsupported transform "${transform}" (use col, month(col), bucket(n, col))`,
  );
}

/** Where a table's files live when the catalog does not choose (Glue without S3 Tables). */
export function tableLocation(warehouseLocation: string, table: string): string {
  return `${warehouseLocation.replace(/\/+$/, '')}/${LAKE_NAMESPACE}/${table}`;
}

/** CREATE SCHEMA / CREATE TABLE IF NOT EXISTS with Iceberg partitioning and, when given, explicit table locations. */
export function icebergDdl(tables: readonly TableSpec[], warehouseLocation?: string): string[] {
  const withLocation = (table: string) =>
    warehouseLocation ? ` WITH ('location' = ${quoteLiteral(tableLocation(warehouseLocation, table))})` : '';
  return [
    `CREATE SCHEMA IF NOT EXISTS ${LAKE_ALIAS}.${LAKE_NAMESPACE}`,
    ...tables.map((t) => {
      const partitioned = t.partitioning.length
        ? ` PARTITIONED BY (${t.partitioning.map(partitionItem).join(', ')})`
        : '';
      return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(t.name)} (${columnDefinitions(t)})${partitioned}${withLocation(t.name)}`;
    }),
    `CREATE TABLE IF NOT EXISTS ${qualifiedTable(INGEST_LOG_TABLE)} (${INGEST_LOG_COLUMNS})${withLocation(INGEST_LOG_TABLE)}`,
  ];
}

export function requireMatch(setting: string, value: string | undefined, pattern: RegExp, expected: string): string {
  if (!value || !pattern.test(value))
    throw new LakeCatalogConfigError(setting, `is "${value ?? ''}": expected ${expected}`);
  return value;
}

export const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
