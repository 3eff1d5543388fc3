import type { DuckDBConnection } from '@duckdb/node-api';
import { ColumnSpec, derivedCitySql, LAKE_NAMESPACE, TableSpec } from '@instalake/lake-schema';
import { quoteIdent } from '../sql/sql-text';
import { LAKE_ALIAS } from './lake-catalog';
import { qualifiedTable } from './table-ddl';

/**
 * Brings a lake file written by an earlier release up to the schema: columns the tables have gained are added, and
 * those ingestion derives (the canonical cities) are computed for the rows already there, in one transaction, so a
 * lake is never left with a new column unfilled. New lakes have every column already: one catalog lookup per table.
 */
export async function addMissingColumns(c: DuckDBConnection, tables: readonly TableSpec[]): Promise<string[]> {
  const added: string[] = [];
  const missing: [TableSpec, ColumnSpec[]][] = [];
  for (const table of tables) {
    const rows = (
      await c.runAndReadAll(
        `SELECT column_name FROM duckdb_columns() WHERE database_name = $1 AND schema_name = $2 AND table_name = $3`,
        [LAKE_ALIAS, LAKE_NAMESPACE, table.name],
      )
    ).getRows();
    const existing = new Set(rows.map(([name]) => String(name)));
    const gone = table.columns.filter((column) => !existing.has(column.name));
    if (existing.size > 0 && gone.length > 0) missing.push([table, gone]);
  }
  if (missing.length === 0) return added;
  await c.run('BEGIN TRANSACTION');
  try {
    for (const [table, columns] of missing) {
      for (const column of columns) {
        await c.run(
          `ALTER TABLE ${qualifiedTable(table.name)} ADD COLUMN ${quoteIdent(column.name)} ${column.sqlType}`,
        );
        const derived = column.derivedFrom && derivedCitySql(column, quoteIdent(column.derivedFrom));
        if (derived) await c.run(`UPDATE ${qualifiedTable(table.name)} SET ${quoteIdent(column.name)} = ${derived}`);
        added.push(`${table.name}.${column.name}`);
      }
    }
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
  return added;
}
