import type { DuckDBConnection } from '@duckdb/node-api';
import { LAKE_NAMESPACE, type TableSpec } from '@instalake/lake-schema';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import type { LakeCatalog } from './lake-catalog';

/**
 * One statement answering the object-store prefixes holding the tables' files
 * (`s3://bucket/warehouse/instagram_db/posts/`) as one VARCHAR[] cell, asked of the attached Iceberg catalog; it fails
 * for a table whose location is not a URL. A connection that turns external access off must still read these, and
 * only these: `SET allowed_directories` to them first. A local catalog is one DuckDB file, attached before the lock:
 * undefined.
 */
export function lakeFileLocationsSql(
  catalog: LakeCatalog,
  alias: string,
  tables: readonly TableSpec[],
): string | undefined {
  if (catalog.kind === 'local') return undefined;
  const perTable = tables.map((table) => {
    const qualified = `${quoteIdent(alias)}.${quoteIdent(LAKE_NAMESPACE)}.${quoteIdent(table.name)}`;
    const location = `variant_extract(metadata, 'location')::VARCHAR`;
    const problem = quoteLiteral(`The catalog reported no usable location for ${qualified}`);
    return (
      `SELECT ${tables.indexOf(table)} AS i, CASE WHEN regexp_matches(coalesce(${location}, ''), '^[a-z0-9]+://\\S+$', 'i') ` +
      `THEN regexp_replace(${location}, '/+$', '') || '/' ELSE error(${problem} || ' (got ' || coalesce(${location}, 'nothing') || ')') END AS location ` +
      `FROM iceberg_load_table_response(${quoteLiteral(qualified)})`
    );
  });
  return `SELECT list(location ORDER BY i) AS locations FROM (${perTable.join(' UNION ALL ')})`;
}

/** lakeFileLocationsSql, run on `connection`. */
export async function lakeFileLocations(
  connection: DuckDBConnection,
  catalog: LakeCatalog,
  alias: string,
  tables: readonly TableSpec[],
): Promise<string[]> {
  const sql = lakeFileLocationsSql(catalog, alias, tables);
  if (!sql) return [];
  const [row] = (await connection.runAndReadAll(sql)).getRowsJS();
  return (row?.[0] as string[] | null) ?? [];
}
