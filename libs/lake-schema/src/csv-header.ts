/**
 * Reads the first record of a CSV text (the header): handles a UTF-8 BOM, CRLF and quoted names.
 * Pure: callers pass the first bytes of the file decoded as UTF-8.
 */
export function parseCsvHeader(firstChunk: string): string[] {
  const text = firstChunk.charCodeAt(0) === 0xfeff ? firstChunk.slice(1) : firstChunk;
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      break;
    } else field += ch;
  }
  fields.push(field);
  return fields.length === 1 && fields[0].trim() === '' ? [] : fields;
}

/** Header names compare case-insensitively, ignoring surrounding space and separators: "Post ID" == "post_id". */
export function normaliseHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
