/** The first record of a CSV text, and whether it ended inside the text given. */
export interface CsvHeaderRead {
  readonly fields: string[];
  /** False when the text ran out before the header's record separator (the header may be longer). */
  readonly complete: boolean;
}

/**
 * Reads the first record of a CSV text (the header): handles a UTF-8 BOM, blank lines before it, CRLF, LF or CR
 * alone, and quoted names. Pure: callers pass the first bytes of the file decoded as UTF-8.
 */
export function readCsvHeader(firstChunk: string): CsvHeaderRead {
  let text = firstChunk.charCodeAt(0) === 0xfeff ? firstChunk.slice(1) : firstChunk;
  text = text.replace(/^[\r\n]+/, '');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let complete = false;
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
      complete = true;
      break;
    } else field += ch;
  }
  fields.push(field);
  return { fields: fields.length === 1 && fields[0].trim() === '' ? [] : fields, complete };
}

export function parseCsvHeader(firstChunk: string): string[] {
  return readCsvHeader(firstChunk).fields;
}

/**
 * Field names compare the same however a scraper spells them: camelCase, snake_case, spaces, dots or slashes of
 * flattened paths, any case. "likesCount" == "likes_count" == "Likes Count"; "owner.username" == "ownerUsername";
 * "hashtags/0" == "hashtags_0"; "Post ID" == "post_id".
 */
export function normaliseHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}
