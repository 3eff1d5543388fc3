import type { QueryResult } from '@instalake/query-guard';

const LONG_TEXT = 300;
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * Keeps a query result's JSON under `maxBytes`: first shortens long texts (captions, bios), then drops trailing rows
 * (binary search), and says so in `note` so the model knows the answer is partial and how to narrow it.
 */
export function fitQueryResult(result: QueryResult, maxBytes: number): QueryResult & { note?: string } {
  if (bytes(result) <= maxBytes) return result;
  const shortened = {
    ...result,
    data: result.data.map((row) =>
      row.map((v) => (typeof v === 'string' && v.length > LONG_TEXT ? `${v.slice(0, LONG_TEXT)}…` : v)),
    ),
  };
  const withNote = (rows: number, textsCut: boolean) => ({
    ...shortened,
    data: shortened.data.slice(0, rows),
    row_count: rows,
    truncated: true,
    note:
      `Response trimmed to stay under ${Math.round(maxBytes / 1000)} KB: ${rows} of ${result.row_count} rows returned` +
      `${textsCut ? `, texts longer than ${LONG_TEXT} characters shortened` : ''}. Aggregate in SQL or select fewer columns for complete results.`,
  });
  if (bytes(withNote(shortened.data.length, true)) <= maxBytes) return withNote(shortened.data.length, true);
  let lo = 0;
  let hi = shortened.data.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(withNote(mid, true)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return withNote(lo, true);
}

/** Trends lists are short, but a report must still fit: trailing hashtags and patterns go first. */
export function fitTrendsReport<T extends { hashtags: readonly unknown[]; patterns: readonly unknown[] }>(
  report: T,
  maxBytes: number,
): T & { note?: string } {
  let fitted: T & { note?: string } = report;
  while (bytes(fitted) > maxBytes && (fitted.hashtags.length > 1 || fitted.patterns.length > 1)) {
    fitted = {
      ...fitted,
      hashtags: fitted.hashtags.slice(0, Math.max(1, fitted.hashtags.length - 1)),
      patterns: fitted.patterns.slice(0, Math.max(1, fitted.patterns.length - 1)),
      note: `Response trimmed to stay under ${Math.round(maxBytes / 1000)} KB: only the top hashtags and patterns are listed.`,
    };
  }
  return fitted;
}
