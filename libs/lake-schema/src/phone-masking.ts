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
 * (2024-05-01, 01/05/2024, with an hour after them, date ranges), year ranges (1668-1856, 2019-2024), numbers with thousands
 * separators (1.234.567, 1 234 567), decimals with 5+ decimals (coordinates), and runs glued to a letter, a currency
 * sign or `_` before them or a letter after them (ids such as shortcodes, prices). A run opened by `+` or `(` is never
 * taken for an id.
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

const D = DIGIT;
const DATE_SEP = '[-/.]';
const YEAR = `(?:1${D}{3}|20${D}{2})`;
const DATE = `(?:${D}{4}${DATE_SEP}${D}{1,2}${DATE_SEP}${D}{1,2}|${D}{1,2}${DATE_SEP}${D}{1,2}${DATE_SEP}${D}{4})`;
const RANGE_DASH = ' ?[-\u2013\u2014/] ?';
/** Whole numbers that are not phones (see the module comment); a leading parenthesis is allowed. */
const NOT_A_PHONE = [
  `${D}{16,}`,
  `${D}{7,8}`,
  `${DATE}(?: ${D}{1,2})?`,
  `${DATE}${RANGE_DASH}${DATE}`,
  `${YEAR}${RANGE_DASH}${YEAR}`,
  `${D}{1,3}(?:\\.${D}{3})+`,
  `${D}{1,2}(?:[ \u00A0\u202F]${D}{3})+`,
  `${D}{1,3}\\.${D}{5,}`,
].join('|');

/**
 * Pass 2 un-marks the numbers that are kept, one pass per rule (one alternation of them all made RE2 5 times slower):
 * fewer than 7 digits, a non-phone shape, glued to a letter, currency sign or `_` before, or to a letter or digit after.
 */
const KEPT_NUMBERS: readonly (readonly [string, string])[] = [
  [`${OPEN}((?:[^${CLOSE}${D}]*${D}){1,6})${CLOSE}`, '$1'],
  [`${OPEN}([(\uFF08]?(?:${NOT_A_PHONE}))${CLOSE}`, '$1'],
  [`([\\p{L}\\p{N}\\p{M}\\p{Sc}_])${OPEN}([^${OPENERS}${CLOSE}][^${CLOSE}]*)${CLOSE}`, '$1$2'],
  [`${OPEN}([^${OPENERS}${CLOSE}][^${CLOSE}]*)${CLOSE}([\\p{L}\\p{N}])`, '$1$2'],
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

/** The gate: a phone needs 7 digits, and texts with fewer (most captions, all hashtags) skip the passes. */
const SEVEN_DIGITS_PATTERN = `${DIGIT}(?:[^${DIGIT}]*${DIGIT}){6}`;
const SEVEN_DIGITS = new RegExp(SEVEN_DIGITS_PATTERN, 'u');
const JS_PASSES = PASSES.map(([pattern, replacement]) => [new RegExp(pattern, 'gu'), replacement] as const);

/** Every phone-like number in `text` masked (first 3 characters + **** + last 2); other text unchanged. */
export function maskPhonesInText(text: string): string;
export function maskPhonesInText(text: string | null | undefined): string | null | undefined;
export function maskPhonesInText(text: string | null | undefined): string | null | undefined {
  if (text == null || !SEVEN_DIGITS.test(text)) return text;
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
  return `CASE WHEN regexp_matches(${expr}, ${sqlString(SEVEN_DIGITS_PATTERN)}) THEN ${rewritten} ELSE ${expr} END`;
}
