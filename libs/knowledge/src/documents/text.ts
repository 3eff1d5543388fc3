/** Text clean-up shared by rendering and search: one line, no control characters, emoji and quotes kept. */
export function oneLine(value: string | null | undefined): string {
  if (!value) return '';
  return (
    value
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Handle without "@", lower-case: how creators are stored and compared. */
export function normaliseCreator(value: string): string {
  return value.trim().replace(/^@+/, '').toLowerCase();
}

export function truncate(value: string, maxChars: number): string {
  if (value.length <= maxChars) return value;
  const cut = Array.from(value)
    .slice(0, maxChars - 1)
    .join('');
  return `${cut}…`;
}

/**
 * Hashtags of a post, lower-cased and de-duplicated in order of appearance: from the hashtags column
 * ("#pizza #nyc", "pizza, nyc") and from #tags inside the caption.
 */
export function hashtagsOf(hashtags: string | null, caption: string | null): string[] {
  const found: string[] = [];
  for (const part of (hashtags ?? '').split(/[\s,;]+/)) {
    const tag = part.replace(/^#+/, '').toLowerCase();
    if (/^[\p{L}\p{N}_]+$/u.test(tag)) found.push(tag);
  }
  for (const match of (caption ?? '').matchAll(/#([\p{L}\p{N}_]+)/gu)) found.push(match[1].toLowerCase());
  return [...new Set(found)];
}
