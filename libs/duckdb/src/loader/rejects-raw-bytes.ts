import { open } from 'node:fs/promises';
import { startsWithFormula } from '../sql/formula-cells';

export interface RawRecordRef {
  /** The placeholder DuckDB wrote in raw_record (an unquoted ASCII token). */
  readonly token: string;
  /** Byte range of the record in the source file. */
  readonly start: number;
  readonly end: number;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * DuckDB text must be UTF-8, so records that are not never pass through it: the rejects file gets a token in their
 * raw_record, and this streaming pass replaces each token with the record's original bytes, quoted as CSV (and
 * neutralised against formula injection), so raw_record stays byte-exact.
 */
export async function spliceRawRecords(
  tokenFile: string,
  target: string,
  sourceFile: string,
  records: readonly RawRecordRef[],
): Promise<void> {
  const byToken = new Map(records.map((r) => [r.token, r]));
  const prefix = Buffer.from(records[0].token.replace(/N\d+Z$/, 'N'));
  const tail = Math.max(...records.map((r) => r.token.length));
  const input = await open(tokenFile, 'r');
  const source = await open(sourceFile, 'r');
  const output = await open(target, 'w');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await input.read(chunk, 0, CHUNK_BYTES, null);
      const done = bytesRead === 0;
      const data = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const pieces: Buffer[] = [];
      let pos = 0;
      let open_ = -1;
      for (let at = data.indexOf(prefix, pos); at >= 0; at = data.indexOf(prefix, pos)) {
        const end = data.indexOf(0x5a /* Z */, at + prefix.length);
        if (end < 0) {
          open_ = at; // a token cut by the chunk end: finish it with the next chunk
          break;
        }
        const ref = byToken.get(data.subarray(at, end + 1).toString('latin1'));
        pieces.push(data.subarray(pos, ref ? at : end + 1));
        if (ref) pieces.push(await quotedRecord(source, ref));
        pos = end + 1;
      }
      // Bytes that may begin a token stay for the next round.
      let safe = done ? data.length : Math.max(pos, data.length - tail);
      if (open_ >= 0 && !done) safe = Math.min(safe, open_);
      safe = Math.max(safe, pos);
      pieces.push(data.subarray(pos, safe));
      carry = Buffer.from(data.subarray(safe));
      if (pieces.length) await output.write(Buffer.concat(pieces));
      if (done) break;
    }
  } finally {
    await output.close();
    await source.close();
    await input.close();
  }
}

async function quotedRecord(source: Awaited<ReturnType<typeof open>>, ref: RawRecordRef): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(ref.end - ref.start);
  await source.read(bytes, 0, bytes.length, ref.start);
  const escaped = Buffer.from(bytes.toString('latin1').replace(/"/g, '""'), 'latin1');
  return Buffer.concat([Buffer.from(startsWithFormula(bytes) ? `"'` : '"'), escaped, Buffer.from('"')]);
}
