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
  /** How DuckDB reaches the S3 holding the table files; unset: AWS S3 itself. */
  readonly storage?: S3StorageOptions;
}

/**
 * An S3-compatible store instead of AWS S3 (MinIO, moto, a gateway): what DuckDB's S3 secret needs to reach it.
 * AWS S3 (and its VPC endpoints through DNS) needs none of these.
 */
export interface S3StorageOptions {
  /** `host[:port]`, no scheme (TLS is `useSsl`). */
  readonly endpoint?: string;
  /** `path` (`http://host/bucket/key`, what most S3-compatible servers want) or `vhost` (AWS's default). */
  readonly urlStyle?: 'path' | 'vhost';
  /** false: plain HTTP (a loopback test server). Default true. */
  readonly useSsl?: boolean;
  /** Region the store signs for; default: the catalog's region, else DuckDB's (us-east-1). */
  readonly region?: string;
}

const HOST_PORT = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/;

/** Checks storage options before they reach SQL, so a typo names the setting instead of failing inside DuckDB. */
export function checkStorage(storage: S3StorageOptions | undefined): void {
  if (!storage) return;
  if (storage.endpoint !== undefined)
    requireMatch('storage.endpoint', storage.endpoint, HOST_PORT, 'host[:port] without a scheme, e.g. 127.0.0.1:9000');
  if (storage.urlStyle !== undefined && storage.urlStyle !== 'path' && storage.urlStyle !== 'vhost')
    throw new LakeCatalogConfigError('storage.urlStyle', `is "${String(storage.urlStyle)}": expected path or vhost`);
  if (storage.region !== undefined) requireMatch('storage.region', storage.region, AWS_REGION, 'an AWS region');
}

/** True when any storage option is set: only then does a catalog without its own AWS secret need an S3 secret. */
export function hasStorageOverrides(storage: S3StorageOptions | undefined): storage is S3StorageOptions {
  return !!storage && Object.values(storage).some((v) => v !== undefined);
}

/** The `, ENDPOINT ..., URL_STYLE ..., USE_SSL ...` tail of a `TYPE s3` secret (empty for AWS S3). */
export function storageSecretParams(storage: S3StorageOptions | undefined): string {
  if (!storage) return '';
  return [
    storage.endpoint !== undefined ? `, ENDPOINT ${quoteLiteral(storage.endpoint)}` : '',
    storage.urlStyle !== undefined ? `, URL_STYLE ${quoteLiteral(storage.urlStyle)}` : '',
    storage.useSsl !== undefined ? `, USE_SSL ${storage.useSsl ? 'true' : 'false'}` : '',
  ].join('');
}

/** `CREATE OR REPLACE SECRET <name> (TYPE s3, PROVIDER credential_chain ...)`: keys come from the chain, never config. */
export function credentialChainSecret(
  name: string,
  options: { region?: string; credentialChain?: string; storage?: S3StorageOptions },
): string {
  const chain = options.credentialChain ? `, CHAIN ${quoteLiteral(options.credentialChain)}` : '';
  const region = options.region ? `, REGION ${quoteLiteral(options.region)}` : '';
  return `CREATE OR REPLACE SECRET ${name} (TYPE s3, PROVIDER credential_chain${chain}${region}${storageSecretParams(options.storage)})`;
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
export const CREDENTIAL_CHAIN = /^[a-z]+(;[a-z]+)*$/;
