import { ColumnSpec, LAKE_NAMESPACE, maskPhoneSql, maskPhonesInTextSql, TableSpec } from '@instalake/lake-schema';
import { quoteIdent } from '../sql/sql-text';

/**
 * Identifiers and links that joins and citations rely on stay exact; every other text column is scrubbed with the
 * lake-schema phone masking (the pii column whole, free text wherever a phone-like number appears).
 */
const EXACT_TEXT_COLUMNS = new Set(['post_id', 'creator', 'instagram_handle', 'post_url', 'followers']);

export function maskedColumnSql(column: ColumnSpec): string {
  const ref = quoteIdent(column.name);
  if (column.pii) return `${maskPhoneSql(ref)} AS ${ref}`;
  if (column.sqlType === 'VARCHAR' && !EXACT_TEXT_COLUMNS.has(column.name))
    return `${maskPhonesInTextSql(ref)} AS ${ref}`;
  return ref;
}

/** `SELECT <masked columns> FROM <sourceCatalog>.instagram_db.<table>`: what the sandbox exposes of a table. */
export function maskedSelectSql(table: TableSpec, sourceCatalog: string): string {
  const columns = table.columns.map(maskedColumnSql).join(',\n  ');
  return `SELECT\n  ${columns}\nFROM ${quoteIdent(sourceCatalog)}.${quoteIdent(LAKE_NAMESPACE)}.${quoteIdent(table.name)}`;
}

/** `CREATE VIEW <viewCatalog>.instagram_db.<table>` over the same table in `sourceCatalog`, with PII masked. */
export function maskedViewSql(table: TableSpec, viewCatalog: string, sourceCatalog: string): string {
  const name = `${quoteIdent(LAKE_NAMESPACE)}.${quoteIdent(table.name)}`;
  return `CREATE OR REPLACE VIEW ${quoteIdent(viewCatalog)}.${name} AS ${maskedSelectSql(table, sourceCatalog)}`;
}
