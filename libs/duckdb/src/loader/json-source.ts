import { open } from 'node:fs/promises';
import type { SourceField } from '@instalake/lake-schema';

const CHUNK_BYTES = 4 * 1024 * 1024;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Counts the records of a JSON file independently of DuckDB, streaming: the objects of a top-level array, or the
 * top-level objects of a JSON Lines file. Strings are skipped with indexOf (escaped quotes recognised by the
 * backslashes before them), so only the structure between them is looked at byte by byte.
 */
export async function countJsonRecords(path: string): Promise<number> {
  let depth = 0;
  let base = -1;
  let inString = false;
  let backslashes = 0;
  let records = 0;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      let i = 0;
      while (i < bytesRead) {
        if (inString) {
          const q = buffer.indexOf(QUOTE, i);
          const end = q < 0 || q >= bytesRead ? bytesRead : q;
          // Backslashes right before the quote (possibly carried from the previous chunk) decide if it is escaped.
          let run = 0;
          for (let k = end - 1; k >= i && buffer[k] === BACKSLASH; k--) run++;
          backslashes = run === end - i ? backslashes + run : run;
          if (end === bytesRead) break;
          if (backslashes % 2 === 0) inString = false;
          backslashes = 0;
          i = end + 1;
          continue;
        }
        const b = buffer[i++];
        if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
          if (base < 0) base = b === OPEN_ARRAY ? 1 : 0;
          if (b === OPEN_OBJECT && depth === base) records++;
          depth++;
        } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
      }
    }
  } finally {
    await handle.close();
  }
  return records;
}

/** A JSON path as DuckDB's `->>` takes it: `$."owner"."username"`. */
export function jsonPathOf(keys: readonly string[]): string {
  return `$.${keys.map((k) => `"${k.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join('.')}`;
}

export interface JsonField extends SourceField {
  /** The keys from the record to the value. */
  readonly keys: readonly string[];
}

const MAX_DEPTH = 4;

/**
 * The fields of a JSON file from DuckDB's json_group_structure: nested objects flatten into paths (`owner.username`),
 * arrays are one field each (`hashtags`, marked list).
 */
export function fieldsFromStructure(structure: unknown): JsonField[] {
  const fields: JsonField[] = [];
  const walk = (node: unknown, keys: string[]) => {
    if (keys.length && (Array.isArray(node) || typeof node !== 'object' || node === null || keys.length >= MAX_DEPTH)) {
      fields.push({ index: fields.length, name: keys.join('.'), keys, ...(Array.isArray(node) && { list: true }) });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [key, child] of Object.entries(node)) walk(child, [...keys, key]);
  };
  walk(structure, []);
  return fields;
}
