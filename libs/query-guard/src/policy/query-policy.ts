import { LAKE_NAMESPACE, LAKE_TABLES } from '@instalake/lake-schema';

/** Catalog alias under which the lake is attached; `lake.instagram_db.posts` is accepted as a table name. */
export const LAKE_CATALOG_ALIAS = 'lake';

/** The only tables a query may read (the sandbox serves them as masked views). */
export const ALLOWED_TABLES: readonly string[] = LAKE_TABLES.map((t) => t.name);

/**
 * A table reference is allowed when it names a lake table as `posts`, `instagram_db.posts` or
 * `lake.instagram_db.posts` (case-insensitive, as DuckDB resolves identifiers).
 */
export function isAllowedLakeTable(catalog: string, schema: string, table: string): boolean {
  if (!ALLOWED_TABLES.includes(table.toLowerCase())) return false;
  const c = catalog.toLowerCase();
  const s = schema.toLowerCase();
  if (c === '') return s === '' || s === LAKE_NAMESPACE;
  return c === LAKE_CATALOG_ALIAS && s === LAKE_NAMESPACE;
}

/** A name DuckDB would read as a file or URL (`FROM '/etc/passwd'`, `FROM 's3://b/k.csv'`, `FROM 'x.parquet'`). */
export function looksLikePath(name: string): boolean {
  return /[/\\:*?]|\.[a-z0-9]{1,8}$/i.test(name) || name.startsWith('~');
}

/**
 * Scalar functions that read settings, secrets, the environment, the catalog, the query text or
 * session state, run SQL from a string, sleep, write logs, or build unbounded values (row generators).
 */
const FORBIDDEN_FUNCTIONS = new Set([
  'getenv',
  'current_setting',
  'getvariable',
  'which_secret',
  'current_query',
  'current_query_id',
  'current_connection_id',
  'current_transaction_id',
  'txid_current',
  'current_database',
  'current_catalog',
  'current_schema',
  'current_schemas',
  'current_user',
  'current_role',
  'session_user',
  'user',
  'in_search_path',
  'version',
  'col_description',
  'obj_description',
  'shobj_description',
  'format_pg_type',
  'map_to_pg_oid',
  'json_serialize_sql',
  'json_deserialize_sql',
  'json_execute_serialized_sql',
  'sql_auto_complete',
  'query',
  'query_table',
  'sleep_ms',
  'write_log',
  'parse_duckdb_log_message',
  'stats',
  'range',
  'generate_series',
  'repeat',
  'repeat_row',
  'list_resize',
  'array_resize',
  'enum_range',
  'enum_range_boundary',
  'glob',
  'checkpoint',
  'force_checkpoint',
  'load_aws_credentials',
]);

/** Prefixes of function families that introspect the engine or reach files and remote systems. */
const FORBIDDEN_PREFIXES = [
  'duckdb_',
  'pragma_',
  'pg_',
  'read_',
  'parquet_',
  'iceberg_',
  'delta_',
  'sqlite_',
  'postgres_',
  'mysql_',
  'http_',
  'sniff_',
  'icu_calendar',
  'enable_',
  'disable_',
];

export function isForbiddenFunction(name: string): boolean {
  const n = name.toLowerCase();
  return FORBIDDEN_FUNCTIONS.has(n) || FORBIDDEN_PREFIXES.some((p) => n.startsWith(p)) || /^has_.*privilege$/.test(n);
}
