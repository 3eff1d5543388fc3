import type { DuckDBConnection } from '@duckdb/node-api';
import { LAKE_NAMESPACE, type TableSpec } from '@instalake/lake-schema';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import type { LakeCatalog } from './lake-catalog';

/**
 * The object-store prefixes holding the tables' files (`s3://bucket/warehouse/instagram_db/posts/`), asked of the
 * attached Iceberg catalog. A connection that turns external access off must still read these, and only these:
 * `SET allowed_directories` to them first. A local catalog is one DuckDB file, attached before the lock: none.
 */
export async function lakeFileLocations(
  connection: DuckDBConnection,
  catalog: LakeCatalog,
  alias: string,
  tables: readonly TableSpec[],
): Promise<string[]> {
  if (catalog.kind === 'local') return [];
  const locations: string[] = [];
  for (const table of tables) {
    const qualified = `${quoteIdent(alias)}.${quoteIdent(LAKE_NAMESPACE)}.${quoteIdent(table.name)}`;
    const rows = (
      await connection.runAndReadAll(
        `SELECT variant_extract(metadata, 'location')::VARCHAR AS location FROM iceberg_load_table_response(${quoteLiteral(qualified)})`,
      )
    ).getRows();
    const location = rows[0]?.[0];
    if (typeof location !== 'string' || !/^[a-z0-9]+:\/\/\S+$/i.test(location))
      throw new Error(`The catalog reported no usable location for ${qualified} (got ${String(location)}).`);
    locations.push(`${location.replace(/\/+$/, '')}/`);
  }
  return locations;
}
