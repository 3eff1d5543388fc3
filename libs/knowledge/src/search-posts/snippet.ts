/** Stop words left out when looking for where a query lands in a text. */
export const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with our your my we you i me'.split(
    ' ',
  ),
);

/**
 * A short passage of `text` around the first query word it contains (case-insensitive, word prefix match),
 * at most `maxChars` long, with "…" where it was cut. Falls back to the start of the text.
 */
export function snippetOf(text: string, query: string, maxChars = 200): string {
  const body = text.replace(/\s+/g, ' ').trim();
  if (body.length <= maxChars) return body;
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w) && w.length > 1);
  const lower = body.toLowerCase();
  let at = -1;
  for (const word of words) {
    const stem = word.length > 4 ? word.slice(0, word.length - 2) : word;
    const i = lower.search(new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(stem)}`, 'u'));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = at < 0 ? 0 : Math.max(0, Math.min(at - Math.floor(maxChars / 4), body.length - maxChars));
  const end = Math.min(body.length, start + maxChars);
  return `${start > 0 ? '…' : ''}${body.slice(start, end).trim()}${end < body.length ? '…' : ''}`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
