import { isIsoDay } from '../plan/window';

/**
 * Literals for compiled SQL. Values that came from a question (handles, topic words, hashtags, post ids) only ever
 * enter as escaped string literals, and the query guard still parses the whole statement before it runs.
 */
export function sqlString(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL and other controls have no business in a literal
  return `'${value.replace(/[\u0000-\u001f]/g, ' ').replace(/'/g, "''")}'`;
}

export function sqlDate(isoDay: string): string {
  if (!isIsoDay(isoDay)) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDay}`);
  return `DATE '${isoDay}'`;
}

export function sqlStringList(values: readonly string[]): string {
  return values.length ? values.map(sqlString).join(', ') : `''`;
}

/** An RE2 pattern matching the text literally. */
export function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A positive whole number for LIMIT, bounded. */
export function sqlLimit(value: number, max = 100): number {
  if (!Number.isFinite(value)) return 10;
  return Math.min(Math.max(Math.trunc(value), 1), max);
}
