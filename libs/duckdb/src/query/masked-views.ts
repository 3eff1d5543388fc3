import { ColumnSpec, LAKE_NAMESPACE, TableSpec } from '@instalake/lake-schema';
import { quoteIdent } from '../sql/sql-text';

/**
 * Phone-like numbers: optional +country code, then three digit groups (area code optionally in parentheses),
 * separated by nothing, a space, a dot or a dash (555-123-4567, (555) 123 4567, +44 20 7946 0958, 5551234567),
 * or a 7-digit local number (555-1234). Dates such as 2024-05-01 do not match.
 */
export const PHONE_IN_TEXT = String.raw`(?:\+\d{1,3}[ .\-]?)?(?:\(\d{2,4}\)|\d{2,4})[ .\-]?\d{3,4}[ .\-]?\d{3,4}|\b\d{3}[ .\-]\d{4}\b`;

// Private-use code points bracket each match so a second pass can keep its first 3 and last 2 characters.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The phone column: first 3 characters + **** + last 2 (just **** when too short to keep anything). */
export function maskPhoneSql(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN NULL WHEN length(${column}) < 7 THEN '****' ELSE left(${column}, 3) || '****' || right(${column}, 2) END`;
}

/**
 * Free text: every phone-like number inside it is masked the same way as the phone column. A phone number
 * has at least 7 digits, so texts with fewer skip the regular expressions (most captions, all hashtags).
 */
export function maskPhonesInTextSql(column: string): string {
  const digits = `(length(${column}) - length(translate(${column}, '0123456789', '')))`;
  return `CASE WHEN ${digits} < 7 THEN ${column} ELSE ${maskAllPhonesSql(column)} END`;
}

function maskAllPhonesSql(column: string): string {
  const stripped = `regexp_replace(${column}, '[${OPEN}${CLOSE}]', '', 'g')`;
  const marked = `regexp_replace(${stripped}, '(${PHONE_IN_TEXT})', '${OPEN}\\1${CLOSE}', 'g')`;
  return `regexp_replace(${marked}, '${OPEN}(.{3})[^${CLOSE}]*(.{2})${CLOSE}', '\\1****\\2', 'g')`;
}

/** Identifiers and links that joins and citations rely on stay exact; every other text column is scrubbed. */
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
