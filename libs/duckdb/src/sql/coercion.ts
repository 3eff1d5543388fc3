import type { ColumnSpec, DateOrder } from '@instalake/lake-schema';

/**
 * Bulk coercion of scraped text into lake types, as DuckDB SQL (vectorised, no per-row JavaScript), as temp macros.
 * Parsing happens once per value in an inner projection (`parsedExpression`); the outer projection derives the stored
 * value (`valueExpression`) and, for present but unusable values, the problem (`problemExpression`): a reason code
 * and a sentence, joined by PROBLEM_SEPARATOR.
 */

// Digits only: TRY_CAST alone would accept '1.5' (rounds to 2), '1e3', '1_000' and '0x10'.
const INTEGER = String.raw`^[+-]?\d+$`;
const COMMA_GROUPS = String.raw`^\d{1,3}(,\d{3})+$`;
const DOT_GROUPS = String.raw`^\d{1,3}(\.\d{3})+$`;
const SPACE_GROUPS = String.raw`^\d{1,3}([ \x{00A0}\x{202F}]\d{3})+$`;
const SUFFIXED = String.raw`^(\d+(?:[.,]\d+)?)\s*([kKmMbB])$`;
const EPOCH_SECONDS = String.raw`^\d{9,10}$`;
const EPOCH_MILLIS = String.raw`^\d{12,13}$`;
/** "November 24, 2025", "Nov. 24th 2025", "24 November 2025", after lower-casing. */
const MONTH_NAME_DATE = String.raw`^([a-z]+\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(st|nd|rd|th)?\s+[a-z]+\.?,?\s+\d{4})$`;
/** 03/04/2025, 3.4.2025, 03-04-2025: day and month in an order only the file's convention tells. */
const NUMERIC_DATE = String.raw`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`;
const YEAR_FIRST_DATE = String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$`;
/** An instagram.com post, reel or IGTV URL; the code is the post's shortcode. */
const POST_URL = String.raw`instagram\.com/(?:[A-Za-z0-9_.]+/)?(?:p|reels?|tv)/([A-Za-z0-9_-]+)`;
/**
 * Instagram's numeric media id (optionally `<media>_<owner>`), which encodes the shortcode in base 64. Real ones are
 * long (18 and 19 digits); a number under 15 digits is some other id, kept as written: decoding it would invent a code.
 */
const MEDIA_ID = String.raw`^(\d{15,20})(_\d+)?$`;
const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Cell values that mean "no value" in every optional column; in a key column they are a missing key. They are
 * compared trimmed of spaces and in the spellings readerNullStrings lists, for CSV and JSON alike.
 */
export const NULL_TOKENS = ['', 'n/a', 'na', 'null', 'none', 'nan', '-'] as const;

/** Separates a problem's reason code from its sentence (a control character no shown value keeps). */
export const PROBLEM_SEPARATOR = '\u001f';

export const INT32_MAX = '2147483647';
export const INT64_MAX = '9223372036854775807';

export interface CoercionOptions {
  /** How to read 03/04/2025; without it only dates with a day above 12 are unambiguous. */
  readonly dateOrder?: DateOrder;
  /**
   * The reader already turned null tokens into NULL (read_csv's nullstr, in C++ while parsing: checking every cell
   * in SQL cost more than the read itself), so SQL only checks values with a space at an end (" N/A"). JSON values
   * and replayed cells are checked in SQL.
   */
  readonly nullTokensRead?: boolean;
}

/** The null tokens' spellings (lower, upper, capitalised, NaN): read_csv's nullstr list, and the list SQL checks. */
export function readerNullStrings(): string[] {
  const spellings = NULL_TOKENS.flatMap((t) => [
    t,
    t.toUpperCase(),
    t.charAt(0).toUpperCase() + t.slice(1),
    t === 'nan' ? 'NaN' : t,
  ]);
  return [...new Set(spellings)];
}

function numericDateMacro(order: DateOrder | undefined): string {
  const part = (i: number) => `TRY_CAST(regexp_extract(v, '${NUMERIC_DATE}', ${i}) AS INTEGER)`;
  const ymd = (month: string, day: string) =>
    `try_strptime(regexp_extract(v, '${NUMERIC_DATE}', 3) || '-' || ${month} || '-' || ${day}, '%Y-%m-%d')`;
  // Without a configured order a date is read only when one part cannot be a month (or both parts are equal).
  const dayFirst =
    order === 'DMY' ? 'true' : order === 'MDY' ? 'false' : `(${part(1)} > 12 OR ${part(1)} = ${part(2)})`;
  const monthFirst = order ? `NOT ${dayFirst}` : `${part(2)} > 12`;
  return `CREATE OR REPLACE TEMP MACRO il_numeric_date(v) AS (
     CASE WHEN ${dayFirst} THEN ${ymd(part(2), part(1))} WHEN ${monthFirst} THEN ${ymd(part(1), part(2))} END)`;
}

export function coercionMacros(options: CoercionOptions = {}): string[] {
  const tokens = readerNullStrings()
    .map((t) => `'${t}'`)
    .join(', ');
  // A token with spaces around it (" N/A") is a token too: read_csv's nullstr matches whole cells only, so after the
  // reader only short values with a space at an end are checked. strlen is the stored byte length, ascii() reads one
  // character: long texts (captions) cost two byte tests. list_contains, not IN: DuckDB plans a long IN list as a
  // join that trims every value (three times the cost of the whole check).
  const isToken = `list_contains([${tokens}], trim(v))`;
  const isNull = options.nullTokensRead
    ? `v IS NULL OR (strlen(v) < 16 AND (ascii(v) = 32 OR ends_with(v, ' ')) AND ${isToken})`
    : `v IS NULL OR (strlen(v) < 16 AND ${isToken})`;
  return [
    `CREATE OR REPLACE TEMP MACRO il_is_null(v) AS (${isNull})`,
    // Text stays byte-exact; only a null token becomes NULL.
    `CREATE OR REPLACE TEMP MACRO il_text(v) AS (CASE WHEN il_is_null(v) THEN NULL ELSE v END)`,
    // Keys and values to parse are trimmed: " p1" and "p1" are one post. trim() only runs where a space is at an
    // end (a byte test): on every value it cost more than the rest of the key handling.
    `CREATE OR REPLACE TEMP MACRO il_trim(v) AS (
       CASE WHEN ascii(v) = 32 OR ends_with(v, ' ') THEN nullif(trim(v), '') ELSE v END)`,
    `CREATE OR REPLACE TEMP MACRO il_key(v) AS (CASE WHEN il_is_null(v) THEN NULL ELSE il_trim(v) END)`,
    `CREATE OR REPLACE TEMP MACRO il_count_raw(v) AS (
       CASE
         WHEN v IS NULL THEN NULL
         -- Plain digits (most counts) skip the patterns: a number that prints back as itself.
         WHEN CAST(TRY_CAST(v AS UBIGINT) AS VARCHAR) = v THEN TRY_CAST(v AS HUGEINT)
         WHEN regexp_matches(v, '${INTEGER}') THEN TRY_CAST(v AS HUGEINT)
         WHEN regexp_matches(v, '${COMMA_GROUPS}') THEN TRY_CAST(replace(v, ',', '') AS HUGEINT)
         WHEN regexp_matches(v, '${DOT_GROUPS}') THEN TRY_CAST(replace(v, '.', '') AS HUGEINT)
         WHEN regexp_matches(v, '${SPACE_GROUPS}') THEN TRY_CAST(regexp_replace(v, '[^0-9]', '', 'g') AS HUGEINT)
         WHEN regexp_matches(v, '${SUFFIXED}') THEN TRY_CAST(round(
                TRY_CAST(replace(regexp_extract(v, '${SUFFIXED}', 1), ',', '.') AS DOUBLE)
                * CASE lower(regexp_extract(v, '${SUFFIXED}', 2)) WHEN 'k' THEN 1e3 WHEN 'm' THEN 1e6 ELSE 1e9 END) AS HUGEINT)
         ELSE NULL
       END)`,
    `CREATE OR REPLACE TEMP MACRO il_month_name_date(v) AS (
       try_strptime(
         regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(v),
           '(\\d)(st|nd|rd|th)\\b', '\\1', 'g'), '\\bsept\\b', 'sep', 'g'), '[,.]', ' ', 'g'), '\\s+', ' ', 'g'),
         ['%B %d %Y', '%b %d %Y', '%d %B %Y', '%d %b %Y']))`,
    numericDateMacro(options.dateOrder),
    `CREATE OR REPLACE TEMP MACRO il_timestamp(v) AS (
       CASE
         WHEN v IS NULL THEN NULL
         -- ISO first, by its shape (most scrapers write it; the cast checks the rest), then the patterns.
         -- The instant's UTC micros: CAST(... AS TIMESTAMP) went through ICU's calendar, four times the cost.
         WHEN substr(v, 5, 1) = '-' AND substr(v, 8, 1) = '-' THEN make_timestamp(epoch_us(TRY_CAST(v AS TIMESTAMPTZ)))
         WHEN regexp_matches(v, '${EPOCH_SECONDS}') THEN make_timestamp(CAST(v AS BIGINT) * 1000000)
         WHEN regexp_matches(v, '${EPOCH_MILLIS}') THEN make_timestamp(CAST(v AS BIGINT) * 1000)
         WHEN regexp_matches(lower(v), '${MONTH_NAME_DATE}') THEN il_month_name_date(v)
         WHEN regexp_matches(v, '${NUMERIC_DATE}') THEN il_numeric_date(v)
         WHEN regexp_matches(v, '${YEAR_FIRST_DATE}') THEN try_strptime(regexp_replace(v, '[/.]', '-', 'g'), '%Y-%m-%d')
         ELSE NULL
       END)`,
    `CREATE OR REPLACE TEMP MACRO il_ambiguous_date(v) AS (
       regexp_matches(coalesce(v, ''), '${NUMERIC_DATE}') AND il_numeric_date(v) IS NULL
       AND TRY_CAST(regexp_extract(v, '${NUMERIC_DATE}', 1) AS INTEGER) BETWEEN 1 AND 12
       AND TRY_CAST(regexp_extract(v, '${NUMERIC_DATE}', 2) AS INTEGER) BETWEEN 1 AND 12)`,
    `CREATE OR REPLACE TEMP MACRO il_url_shortcode(u) AS (nullif(regexp_extract(coalesce(u, ''), '${POST_URL}', 1), ''))`,
    `CREATE OR REPLACE TEMP MACRO il_media_number(v) AS (
       CASE WHEN regexp_matches(coalesce(v, ''), '${MEDIA_ID}') THEN TRY_CAST(regexp_extract(v, '${MEDIA_ID}', 1) AS HUGEINT) END)`,
    // Base 64 digits of the media id, most significant first, leading zero digits ("A") dropped: the shortcode.
    `CREATE OR REPLACE TEMP MACRO il_media_shortcode(v) AS (
       CASE WHEN il_media_number(v) < CAST(18446744073709551616 AS HUGEINT) THEN nullif(ltrim(array_to_string(
         list_transform(range(10, -1, -1),
           k -> substr('${SHORTCODE_ALPHABET}', CAST(((il_media_number(v) >> CAST(6 * k AS INTEGER)) & 63) AS INTEGER) + 1, 1)),
         ''), 'A'), '') END)`,
    // A shortcode (or post_id) field as written, else an id that is no media id, else the URL's code, else the code a
    // media id encodes.
    // Arguments are keyed values (il_key) in columns of their own: a macro repeats its arguments' expressions.
    // CASE, not coalesce: DuckDB evaluates every coalesce argument, and the URL pattern on every row was the
    // costliest part of a load. A media id starts with a digit: only such ids meet the pattern.
    `CREATE OR REPLACE TEMP MACRO il_post_id(shortcode, id, url) AS (
       CASE WHEN shortcode IS NOT NULL THEN shortcode
            WHEN id IS NOT NULL AND NOT (ascii(id) BETWEEN 48 AND 57 AND regexp_matches(id, '${MEDIA_ID}')) THEN id
            WHEN il_url_shortcode(url) IS NOT NULL THEN il_url_shortcode(url)
            ELSE il_media_shortcode(id) END)`,
    // Hashtags from a list of values (split columns, a JSON array): "#a #b", NULL when none.
    `CREATE OR REPLACE TEMP MACRO il_tags(list) AS (nullif(array_to_string(list_transform(
       list_filter(list, t -> NOT il_is_null(t)),
       t -> CASE WHEN starts_with(trim(t), '#') THEN trim(t) ELSE '#' || trim(t) END), ' '), ''))`,
    // A hashtags cell that holds a JSON array (a replayed JSON dead letter) is joined the same way.
    `CREATE OR REPLACE TEMP MACRO il_tags_text(v) AS (
       CASE WHEN (starts_with(v, '[') OR starts_with(v, ' ')) AND regexp_matches(v, '^\\s*\\[.*\\]\\s*$') AND json_valid(v)
            THEN il_tags(json_extract_string(v, '$[*]')) ELSE il_text(v) END)`,
  ];
}

const COUNT_HINT = 'use digits, 1,234, 12 345, 1.2K or 15.3M';
/** The date forms a rejection names (short: it is repeated on every rejected row). */
export const DATE_FORMS = 'ISO 2025-11-24 (or a timestamp), November 24, 2025 / 24 Nov 2025, epoch seconds or ms';
const DATE_ORDER_HINT = 'set the date order with --date-order MDY or DMY, or "dateOrder" in a mapping file rule';

/** Inner projection: parse the keyed value (il_key, a column of its own) once. Undefined for nothing to parse. */
export function parsedExpression(column: ColumnSpec, keyed: string): string | undefined {
  switch (column.kind) {
    case 'count':
    case 'bigcount':
      return `il_count_raw(${keyed})`;
    case 'date':
    case 'timestamp':
      return `il_timestamp(${keyed})`;
    default:
      return undefined;
  }
}

function maxFor(column: ColumnSpec): string {
  return column.sqlType === 'INTEGER' ? INT32_MAX : INT64_MAX;
}

/**
 * Outer projection: the value stored in the lake. `value` is the resolved text, `keyed` its il_key, `parsed` the
 * parsed value (columns of an inner projection).
 */
export function valueExpression(
  column: ColumnSpec,
  value: string,
  keyed: string,
  parsed: string,
  isKey: boolean,
): string {
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
      return isKey ? keyed : `il_text(${value})`;
  }
}

const problem = (code: string, sentence: string) => `'${code}${PROBLEM_SEPARATOR}' || ${sentence}`;

/** Why a present value cannot be stored: `code<US>sentence`, NULL when it can. */
export function problemExpression(column: ColumnSpec, keyed: string, parsed: string): string | undefined {
  const name = column.name;
  const shown = `'${name} "' || left(replace(${keyed}, chr(31), ' '), 40) || '" is `;
  switch (column.kind) {
    case 'count':
    case 'bigcount':
      return `CASE WHEN ${keyed} IS NULL THEN NULL
        WHEN ${parsed} IS NULL THEN ${problem(`${name}:not_a_count`, `${shown}not a count (${COUNT_HINT})'`)}
        WHEN ${parsed} = -1 THEN NULL
        WHEN ${parsed} < 0 THEN ${problem(`${name}:negative`, `${shown}a negative count'`)}
        WHEN ${parsed} > ${maxFor(column)} THEN ${problem(`${name}:too_large`, `${shown}too large'`)}
        END`;
    case 'date':
    case 'timestamp':
      return `CASE WHEN ${keyed} IS NULL OR ${parsed} IS NOT NULL THEN NULL
        WHEN il_ambiguous_date(${keyed}) THEN ${problem(
          `${name}:ambiguous_date`,
          `${shown}ambiguous (day and month could be either way round): ${DATE_ORDER_HINT}, or write ${DATE_FORMS}'`,
        )}
        ELSE ${problem(`${name}:not_a_date`, `${shown}not a date: use ${DATE_FORMS} (for 03/04/2025, ${DATE_ORDER_HINT})'`)} END`;
    default:
      return undefined;
  }
}

/** A missing required value. */
export function missingProblem(column: string): string {
  return problem(`${column}:missing`, `'missing ${column}'`);
}
