/**
 * The one definition of phone masking: every path that returns lake text (SQL views, knowledge documents and
 * snippets, agent answers, logs) masks with it, in JavaScript or through its DuckDB twins below. Both run the same
 * regular expressions, written in the subset RE2 (DuckDB) and JavaScript (`u` flag) read the same way: leftmost-first
 * alternation, greedy repetition, Unicode general categories, no look-around.
 *
 * A number is a maximal run of decimal digits of any script (`\p{Nd}`: ASCII, full-width, Arabic-Indic,
 * Devanagari...), optionally opened by `+` or `(`, whose digits are separated by at most 4 separators (any space, any
 * dash or minus, `.`, `/`, `_`, parentheses) and any number of invisible characters (zero-width spaces and joiners,
 * format and bidi controls, private use, combining marks on digits such as keycaps). Matching those classes is what
 * normalising digits and separators first would achieve, without rewriting the text.
 *
 * A number of 7 digits or more is masked like the phone column (its first 3 characters, `****`, its last 2) unless it
 * is one of these, kept whole: contiguous ids of 16+ digits (numeric post ids), contiguous 7-8 digit counts, dates
 * (2024-05-01, 01/05/2024, with an hour after them, date ranges, compact timestamps such as 20260110_172856), year
 * ranges (1668-1856, 2019-2024), numbers with thousands separators (1.234.567, 1 234 567), decimals with 5+ decimals
 * (coordinates), and runs glued to a Latin letter, a currency sign or `_` before them or a Latin letter after them
 * (ids such as shortcodes, prices). A run opened by `+` or `(` is never taken for an id.
 */

/** Private-use code points that bracket a number between passes; stripped from the text first. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

// Plain strings (not String.raw): `\\` is a regex escape for both engines, `\uXXXX` puts the character itself in the
// pattern (RE2 has no `\u` escape).
const DIGIT = '\\p{Nd}';
/**
 * Invisible characters: format controls (zero-width spaces and joiners, bidi controls, soft hyphen), private use, and
 * the combining marks used to decorate digits (diacritics, underlines, variation selectors, the keycap of 1️⃣), as
 * blocks: all of `\p{Mn}` makes RE2 about 40 times slower.
 */
const INVISIBLE = '[\\p{Cf}\\p{Co}\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE00-\uFE0F\uFE20-\uFE2F]';
/** Visible separators between digit groups: spaces, dashes, minus, dots, slashes, underscores, parentheses. */
const SEPARATOR = '[\\p{Zs}\\p{Pd}\\p{Pc}\t\u2212.\u00B7\u2024\u30FB\uFF0E/\u2044\u2215\uFF0F()\uFF08\uFF09]';
const GAP = `${INVISIBLE}*(?:${SEPARATOR}${INVISIBLE}*){0,4}`;
const OPENERS = '+\uFF0B(\uFF08';

/** Pass 1: every number. No capture group: RE2 then finds matches with its DFA alone, about 6 times faster. */
export const NUMBER_PATTERN = `(?:[${OPENERS}] ?)?${DIGIT}(?:${GAP}${DIGIT})*`;

// Shapes and glue use ASCII classes: DuckDB compiles every pattern of a masked view each time a query binds the view,
// and Unicode classes cost milliseconds each to compile. A date written in full-width digits is masked, not kept.
const D = '[0-9]';
const DATE_SEP = '[-/.]';
const YEAR = `(?:1${D}{3}|20${D}{2})`;
const DATE = `(?:${D}{4}${DATE_SEP}${D}{1,2}${DATE_SEP}${D}{1,2}|${D}{1,2}${DATE_SEP}${D}{1,2}${DATE_SEP}${D}{4})`;
/** 20260110, the date part of a compact timestamp such as 20260110_172856 (file names, export ids). */
const COMPACT_DATE = `(?:19|20)${D}{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]${D}|3[01])`;
const RANGE_DASH = ' ?[-\u2013\u2014/] ?';
/** Whole numbers that are not phones (see the module comment); a leading parenthesis is allowed. */
const NOT_A_PHONE = [
  `${D}{16,}`,
  `${D}{7,8}`,
  `${DATE}(?: ${D}{1,2})?`,
  `${DATE}${RANGE_DASH}${DATE}`,
  `${YEAR}${RANGE_DASH}${YEAR}`,
  `${COMPACT_DATE}[ _-]?${D}{4,6}`,
  `${D}{1,3}(?:\\.${D}{3})+`,
  `${D}{1,2}(?:[ \u00A0\u202F]${D}{3})+`,
  `${D}{1,3}\\.${D}{5,}`,
].join('|');

/**
 * Pass 2 un-marks the numbers that are kept, one pass per rule (one alternation of them all made RE2 5 times slower):
 * fewer than 7 digits, a non-phone shape, glued to a Latin letter, currency sign or `_` before or a Latin letter after
 * (identifiers are ASCII; text in scripts written without spaces, 電話03-1234-5678, is still masked).
 */
const KEPT_NUMBERS: readonly (readonly [string, string])[] = [
  [`${OPEN}((?:[^${CLOSE}${DIGIT}]*${DIGIT}){1,6})${CLOSE}`, '$1'],
  [`${OPEN}([(\uFF08]?(?:${NOT_A_PHONE}))${CLOSE}`, '$1'],
  [`([A-Za-z_\\p{Sc}])${OPEN}([^${OPENERS}${CLOSE}][^${CLOSE}]*)${CLOSE}`, '$1$2'],
  [`${OPEN}([^${OPENERS}${CLOSE}][^${CLOSE}]*)${CLOSE}([A-Za-z])`, '$1$2'],
];
/** Pass 3: what is still marked is a phone: first 3 characters, ****, last 2. */
export const PHONE_MASK_PATTERN = `${OPEN}([^${CLOSE}]{3})[^${CLOSE}]*([^${CLOSE}]{2})${CLOSE}`;
const MARKERS_PATTERN = `[${OPEN}${CLOSE}]`;

/** The passes in order: pattern and replacement (`$n` = group n, `$&` = the match). */
const PASSES: readonly (readonly [string, string])[] = [
  [MARKERS_PATTERN, ''],
  [NUMBER_PATTERN, `${OPEN}$&${CLOSE}`],
  ...KEPT_NUMBERS,
  [PHONE_MASK_PATTERN, '$1****$2'],
];

/**
 * Decimal digits other than 0-9 (`\p{Nd}` without ASCII, up to U+1FFFF, as Node 20 knows them), listed so the gate
 * compiles in microseconds (the spec checks the list against JavaScript's `\p{Nd}`).
 */
export const NON_ASCII_DIGITS =
  '[\u0660-\u0669\u06F0-\u06F9\u07C0-\u07C9\u0966-\u096F\u09E6-\u09EF\u0A66-\u0A6F\u0AE6-\u0AEF' +
  '\u0B66-\u0B6F\u0BE6-\u0BEF\u0C66-\u0C6F\u0CE6-\u0CEF\u0D66-\u0D6F\u0DE6-\u0DEF\u0E50-\u0E59' +
  '\u0ED0-\u0ED9\u0F20-\u0F29\u1040-\u1049\u1090-\u1099\u17E0-\u17E9\u1810-\u1819\u1946-\u194F' +
  '\u19D0-\u19D9\u1A80-\u1A89\u1A90-\u1A99\u1B50-\u1B59\u1BB0-\u1BB9\u1C40-\u1C49\u1C50-\u1C59' +
  '\uA620-\uA629\uA8D0-\uA8D9\uA900-\uA909\uA9D0-\uA9D9\uA9F0-\uA9F9\uAA50-\uAA59\uABF0-\uABF9' +
  '\uFF10-\uFF19\u{104A0}-\u{104A9}\u{10D30}-\u{10D39}\u{10D40}-\u{10D49}\u{11066}-\u{1106F}' +
  '\u{110F0}-\u{110F9}\u{11136}-\u{1113F}\u{111D0}-\u{111D9}\u{112F0}-\u{112F9}\u{11450}-\u{11459}' +
  '\u{114D0}-\u{114D9}\u{11650}-\u{11659}\u{116C0}-\u{116C9}\u{116D0}-\u{116E3}\u{11730}-\u{11739}' +
  '\u{118E0}-\u{118E9}\u{11950}-\u{11959}\u{11BF0}-\u{11BF9}\u{11C50}-\u{11C59}\u{11D50}-\u{11D59}' +
  '\u{11DA0}-\u{11DA9}\u{11DE0}-\u{11DE9}\u{11F50}-\u{11F59}\u{16130}-\u{16139}\u{16A60}-\u{16A69}' +
  '\u{16AC0}-\u{16AC9}\u{16B50}-\u{16B59}\u{16D70}-\u{16D79}\u{1CCF0}-\u{1CCF9}\u{1D7CE}-\u{1D7FF}' +
  '\u{1E140}-\u{1E149}\u{1E2F0}-\u{1E2F9}\u{1E4F0}-\u{1E4F9}\u{1E5F1}-\u{1E5FA}\u{1E950}-\u{1E959}' +
  '\u{1FBF0}-\u{1FBF9}]';

/**
 * The gate: a phone needs 7 digits, and texts without 7 ASCII digits or any other digit (most captions, all hashtags)
 * skip the passes.
 */
const GATES = [/[0-9](?:[^0-9]*[0-9]){6}/, new RegExp(NON_ASCII_DIGITS, 'u')];
const JS_PASSES = PASSES.map(([pattern, replacement]) => [new RegExp(pattern, 'gu'), replacement] as const);

/** Every phone-like number in `text` masked (first 3 characters + **** + last 2); other text unchanged. */
export function maskPhonesInText(text: string): string;
export function maskPhonesInText(text: string | null | undefined): string | null | undefined;
export function maskPhonesInText(text: string | null | undefined): string | null | undefined {
  if (text == null || !GATES.some((gate) => gate.test(text))) return text;
  return JS_PASSES.reduce((value, [pattern, replacement]) => value.replace(pattern, replacement), text);
}

/** A whole phone value: first 3 characters + **** + last 2, just **** when it is shorter than 7 characters. */
export function maskPhone(value: string): string;
export function maskPhone(value: string | null | undefined): string | null | undefined;
export function maskPhone(value: string | null | undefined): string | null | undefined {
  if (value == null) return value;
  const chars = Array.from(value);
  return chars.length < 7 ? '****' : `${chars.slice(0, 3).join('')}****${chars.slice(-2).join('')}`;
}

// ---- DuckDB twins (`expr` is a column expression of ours; the patterns are this module's constants). ----

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;
const re2Replacement = (replacement: string) => replacement.replace(/\$(\d|&)/g, (_, g) => `\\${g === '&' ? 0 : g}`);

/** DuckDB twin of maskPhone. */
export function maskPhoneSql(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN NULL WHEN length(${expr}) < 7 THEN '****' ELSE left(${expr}, 3) || '****' || right(${expr}, 2) END`;
}

/** DuckDB twin of maskPhonesInText. */
export function maskPhonesInTextSql(expr: string): string {
  const rewritten = PASSES.reduce(
    (value, [pattern, replacement]) =>
      `regexp_replace(${value}, ${sqlString(pattern)}, ${sqlString(re2Replacement(replacement))}, 'g')`,
    expr,
  );
  // The gate as GLOB and lengths, not regexp_matches: DuckDB evaluates those once per dictionary entry of a compressed
  // column (a repetitive status or hashtag column costs nothing), and GLOB is as fast as RE2 on unique texts. Only a
  // text with a non-ASCII character reaches the regular expression for other scripts' digits.
  const sevenAsciiDigits = `${expr} GLOB '${'*[0-9]'.repeat(7)}*'`;
  const gate = `CASE WHEN ${sevenAsciiDigits} THEN true WHEN strlen(${expr}) = length(${expr}) THEN false ELSE regexp_matches(${expr}, ${sqlString(NON_ASCII_DIGITS)}) END`;
  return `CASE WHEN ${gate} THEN ${rewritten} ELSE ${expr} END`;
}
