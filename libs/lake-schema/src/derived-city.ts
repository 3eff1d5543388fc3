import { canonicalCitySql, cityInTextSql } from './cities';
import type { ColumnSpec } from './column';

/**
 * DuckDB: the value ingestion stores in a derived city column (`city`: the canonical name of a city cell;
 * `city-in-text`: the city a text such as a search term names), computed from `expr`, the column it derives from.
 * Undefined for every other column.
 */
/** A column ingestion fills with a canonical city derived from another column. */
export function isDerivedCity(column: ColumnSpec): boolean {
  return column.kind === 'city' || column.kind === 'city-in-text';
}

export function derivedCitySql(column: ColumnSpec, expr: string): string | undefined {
  if (column.kind === 'city') return canonicalCitySql(expr);
  if (column.kind === 'city-in-text') return cityInTextSql(expr, { allowAmbiguous: true });
  return undefined;
}
