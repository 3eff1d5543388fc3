/**
 * Dead-letter CSVs are opened in spreadsheets, and a scraped caption such as `=HYPERLINK(...)` would run there
 * (OWASP "CSV injection"). Every cell written to a rejects file that starts with a formula character (= + - @, tab,
 * CR, LF and their full-width forms) gets a leading apostrophe, and so does every cell that already starts with one,
 * which makes the change reversible: replay strips exactly one leading apostrophe from each cell and the replayed data
 * is byte-exact.
 */
const FORMULA_START = String.raw`^[=+\-@\t\r\n'＝＋－＠]`;

export function neutraliseCellSql(value: string): string {
  return `CASE WHEN regexp_matches(${value}, '${FORMULA_START.replace(/'/g, "''")}') THEN '''' || ${value} ELSE ${value} END`;
}

export function restoreCellSql(value: string): string {
  return `CASE WHEN starts_with(${value}, '''') THEN ${value}[2:] ELSE ${value} END`;
}

const FORMULA_BYTES = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0x27]);
const FULL_WIDTH = ['＝', '＋', '－', '＠'].map((c) => Buffer.from(c));

/** The same test on raw bytes (records that are not UTF-8 never pass through DuckDB). */
export function startsWithFormula(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  if (FORMULA_BYTES.has(bytes[0])) return true;
  return FULL_WIDTH.some((f) => f.every((b, i) => bytes[i] === b));
}
