import type { ColumnSpec } from '@instalake/lake-schema';
import { quoteIdent } from './sql-text';

/**
 * Bulk coercion of scraped text into lake types, as DuckDB SQL (vectorised, no per-row JavaScript).
 * Parsing happens once per value in an inner projection (`parsedExpression`); the outer projection derives
 * the stored value (`valueExpression`) and, for non-empty unusable values, the reason (`problemExpression`).
 */

// Digits only: TRY_CAST alone would accept '1.5' (rounds to 2), '1e3', '1_000' and '0x10'.
const INTEGER = String.raw`^[+-]?\d+$`;
const COMMA_GROUPS = String.raw`^\d{1,3}(,\d{3})+$`;
const DOT_GROUPS = String.raw`^\d{1,3}(\.\d{3})+$`;
const SPACE_GROUPS = String.raw`^\d{1,3}([ \x{00A0}\x{202F}]\d{3})+$`;
const SUFFIXED = String.raw`^(\d+(?:[.,]\d+)?)\s*([kKmMbB])$`;
const EPOCH_SECONDS = String.raw`^\d{9,10}$`;
const EPOCH_MILLIS = String.raw`^\d{12,13}$`;
const ISO_DATE_OR_TIME = String.raw`^\d{4}-\d{2}-\d{2}([T ].*)?$`;

export const INT32_MAX = '2147483647';
export const INT64_MAX = '9223372036854775807';

export const COERCION_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO il_blank(v) AS (v IS NULL OR trim(v) = '')`,
  `CREATE OR REPLACE TEMP MACRO il_count_raw(v) AS (
     CASE
       WHEN v IS NULL THEN NULL
       WHEN regexp_matches(v, '${INTEGER}') THEN TRY_CAST(v AS HUGEINT)
       WHEN regexp_matches(v, '${COMMA_GROUPS}') THEN TRY_CAST(replace(v, ',', '') AS HUGEINT)
       WHEN regexp_matches(v, '${DOT_GROUPS}') THEN TRY_CAST(replace(v, '.', '') AS HUGEINT)
       WHEN regexp_matches(v, '${SPACE_GROUPS}') THEN TRY_CAST(regexp_replace(v, '[^0-9]', '', 'g') AS HUGEINT)
       WHEN regexp_matches(v, '${SUFFIXED}') THEN TRY_CAST(round(
              TRY_CAST(replace(regexp_extract(v, '${SUFFIXED}', 1), ',', '.') AS DOUBLE)
              * CASE lower(regexp_extract(v, '${SUFFIXED}', 2)) WHEN 'k' THEN 1e3 WHEN 'm' THEN 1e6 ELSE 1e9 END) AS HUGEINT)
       ELSE NULL
     END)`,
  `CREATE OR REPLACE TEMP MACRO il_timestamp(v) AS (
     CASE
       WHEN v IS NULL THEN NULL
       WHEN regexp_matches(v, '${EPOCH_SECONDS}') THEN make_timestamp(CAST(v AS BIGINT) * 1000000)
       WHEN regexp_matches(v, '${EPOCH_MILLIS}') THEN make_timestamp(CAST(v AS BIGINT) * 1000)
       WHEN regexp_matches(v, '${ISO_DATE_OR_TIME}') THEN CAST(TRY_CAST(v AS TIMESTAMPTZ) AS TIMESTAMP)
       ELSE NULL
     END)`,
];

const COUNT_HINT = 'use digits, 1,234, 12 345, 1.2K or 15.3M';
const DATE_HINT = 'use ISO 8601 such as 2024-05-31 or 2024-05-31T18:30:00Z, or epoch seconds/milliseconds';

/** The trimmed cell, NULL when blank. */
export function trimmedCell(source: string): string {
  return `NULLIF(trim(${source}), '')`;
}

/** Inner projection: parse the cell once. Returns undefined for text columns (nothing to parse). */
export function parsedExpression(column: ColumnSpec, source: string): string | undefined {
  switch (column.kind) {
    case 'count':
    case 'bigcount':
      return `il_count_raw(${trimmedCell(source)})`;
    case 'date':
    case 'timestamp':
      return `il_timestamp(${trimmedCell(source)})`;
    default:
      return undefined;
  }
}

function maxFor(column: ColumnSpec): string {
  return column.sqlType === 'INTEGER' ? INT32_MAX : INT64_MAX;
}

/** Outer projection: the value stored in the lake. `parsed` names the inner column, `source` the raw cell. */
export function valueExpression(column: ColumnSpec, source: string, parsed: string, isKey: boolean): string {
  switch (column.kind) {
    case 'count':
    case 'bigcount':
      // -1 (and any negative) is a hidden count: NULL, never a negative number.
      return `CAST(CASE WHEN ${parsed} < 0 OR ${parsed} > ${maxFor(column)} THEN NULL ELSE ${parsed} END AS ${column.sqlType})`;
    case 'date':
      return `CAST(${parsed} AS DATE)`;
    case 'timestamp':
      return parsed;
    default:
      // Key columns are trimmed so " p1" and "p1" are one post; other text stays byte-exact (only '' becomes NULL).
      return isKey ? trimmedCell(source) : `NULLIF(${source}, '')`;
  }
}

/** Why a non-empty cell cannot be stored (NULL when it can). */
export function problemExpression(column: ColumnSpec, source: string, parsed: string): string | undefined {
  const name = column.name;
  const shown = `'${name} "' || left(trim(${source}), 40) || '" is `;
  switch (column.kind) {
    case 'count':
    case 'bigcount':
      return `CASE WHEN ${trimmedCell(source)} IS NULL THEN NULL
        WHEN ${parsed} IS NULL THEN ${shown}not a count (${COUNT_HINT})'
        WHEN ${parsed} = -1 THEN NULL
        WHEN ${parsed} < 0 THEN ${shown}a negative count'
        WHEN ${parsed} > ${maxFor(column)} THEN ${shown}too large'
        END`;
    case 'date':
    case 'timestamp':
      return `CASE WHEN ${trimmedCell(source)} IS NOT NULL AND ${parsed} IS NULL THEN ${shown}not a date (${DATE_HINT})' END`;
    default:
      return undefined;
  }
}

export function sourceColumn(index: number): string {
  return quoteIdent(`c${index}`);
}
