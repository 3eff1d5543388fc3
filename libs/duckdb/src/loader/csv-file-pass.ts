import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { CsvRecordScanner, RecordSpan } from './csv-record-scanner';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** A record the CSV reader must not see: counted, and rejected by the loader with its own reason. */
export interface ExcludedRecord extends RecordSpan {
  readonly reason: 'too-large' | 'invalid-utf8';
  /** invalid-utf8: offset of the first invalid byte, relative to the record start. */
  readonly invalidAt?: number;
}

export interface CsvScan {
  /** Non-blank records, the header included. */
  readonly records: number;
  readonly blankLines: number;
  readonly separators: { readonly crlf: number; readonly lf: number; readonly cr: number };
  readonly excluded: readonly ExcludedRecord[];
  /** More records were to be excluded than `maxExcluded`: the scan stopped collecting them. */
  readonly excludedOverflow: boolean;
  readonly bytes: number;
}

export interface CsvScanOptions {
  /** Records longer than this never reach the reader (DuckDB loses records over 128 MB without a trace). */
  readonly maxRecordBytes: number;
  /** Bound on excluded records kept in memory. */
  readonly maxExcluded: number;
}

/** True when the CSV reader should get a normalised copy: mixed or CR separators, blank lines, excluded records. */
export function needsNormalising(scan: CsvScan): boolean {
  const kinds = [scan.separators.crlf, scan.separators.lf, scan.separators.cr].filter((n) => n > 0).length;
  return kinds > 1 || scan.separators.cr > 0 || scan.blankLines > 0 || scan.excluded.length > 0;
}

/**
 * The file in chunks, read into `buffers` buffers used in turn (bounded memory: garbage chunks of 4 MB each piled up
 * faster than the collector freed them): a caller that keeps the previous chunk while reading the next asks for two.
 */
async function* chunksOf(path: string, buffers = 1): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const pool = Array.from({ length: buffers }, () => Buffer.allocUnsafe(CHUNK_BYTES));
  try {
    for (let i = 0; ; i++) {
      const buffer = pool[i % buffers];
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Offsets (absolute) of the first invalid UTF-8 sequence of each record in `bytes`, which start at `base`; the slow
 * path, for bad chunks. `recordEnds` (absolute, ascending) are the ends of the records that end in `bytes`: after a
 * hit the search goes on at the next record, so a Latin-1 record full of accents costs one offset, not one per byte.
 */
function invalidUtf8Offsets(bytes: Uint8Array, base: number, recordEnds: readonly number[]): number[] {
  const found: number[] = [];
  let nextEnd = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    }
    let ok = need > 0;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      i += need + 1;
      continue;
    }
    const at = base + i;
    found.push(at);
    while (nextEnd < recordEnds.length && recordEnds[nextEnd] <= at) nextEnd++;
    // The rest of the bytes belong to a record still open: one offset is enough for it.
    if (nextEnd >= recordEnds.length) break;
    i = recordEnds[nextEnd] - base;
  }
  return found;
}

/** Where the last (possibly incomplete) UTF-8 sequence of a chunk starts, so it is validated with the next chunk. */
function completeLength(chunk: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= chunk.length; back++) {
    const b = chunk[chunk.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? chunk.length - back : chunk.length;
  }
  return chunk.length;
}

/**
 * Pass one over a CSV file, streaming: counts its records quote-aware, notes its separators and blank lines, and
 * finds the records the reader must not get (too long, not UTF-8).
 */
export async function scanCsvFile(path: string, options: CsvScanOptions): Promise<CsvScan> {
  const excluded: ExcludedRecord[] = [];
  let overflow = false;
  // Offsets of invalid bytes (ascending, at most one per record and chunk), read from nextInvalid on.
  let invalid: number[] = [];
  let nextInvalid = 0;
  const judge = (span: RecordSpan) => {
    while (nextInvalid < invalid.length && invalid[nextInvalid] < span.start) nextInvalid++;
    const bad = nextInvalid < invalid.length && invalid[nextInvalid] < span.end ? invalid[nextInvalid] : -1;
    // The header is never excluded: without it the reader would take the first row for names.
    const reason =
      span.record === 1
        ? undefined
        : span.end - span.start > options.maxRecordBytes
          ? 'too-large'
          : bad >= 0
            ? 'invalid-utf8'
            : undefined;
    if (!reason) return;
    if (excluded.length >= options.maxExcluded) overflow = true;
    else excluded.push({ ...span, reason, ...(reason === 'invalid-utf8' && { invalidAt: bad - span.start }) });
  };
  // In a chunk that is not UTF-8, the records it ends are judged after the scan found them: the invalid bytes are
  // then looked up record by record. Valid chunks (nearly all) judge each record as it ends.
  let held: RecordSpan[] | undefined;
  const scanner = new CsvRecordScanner({
    onRecord(span) {
      if (held) held.push(span);
      else judge(span);
    },
  });
  let carry: Uint8Array = new Uint8Array(0);
  let validatedTo = 0;
  for await (const chunk of chunksOf(path)) {
    const cut = completeLength(chunk);
    const head = carry.length ? Buffer.concat([carry, chunk.subarray(0, cut)]) : chunk.subarray(0, cut);
    const bad = !isUtf8(head);
    if (bad) held = [];
    scanner.push(chunk);
    if (held) {
      if (nextInvalid >= invalid.length) {
        invalid = [];
        nextInvalid = 0;
      }
      invalid.push(
        ...invalidUtf8Offsets(
          head,
          validatedTo,
          held.map((r) => r.end),
        ),
      );
      const spans = held;
      held = undefined;
      spans.forEach(judge);
    }
    validatedTo += head.length;
    carry = Buffer.from(chunk.subarray(cut)); // a copy: the next read reuses the buffer
  }
  if (carry.length) invalid.push(...invalidUtf8Offsets(carry, validatedTo, []));
  scanner.end();
  return {
    records: scanner.recordCount,
    blankLines: scanner.blankLines,
    separators: { ...scanner.separators },
    excluded,
    excludedOverflow: overflow,
    bytes: scanner.bytes,
  };
}

/**
 * Pass two, streaming: writes a copy the CSV reader reads reliably: every record separator outside quotes becomes
 * LF, blank lines and excluded records go, and everything else (quoted CRLF inside captions too) stays byte-exact.
 */
export async function writeNormalisedCsv(path: string, target: string, scan: CsvScan): Promise<void> {
  // Byte ranges to drop, in order: excluded records with their separators; separator bytes come from the scanner.
  const drops: [number, number][] = scan.excluded.map((e) => [e.start, e.end + e.sepLength]);
  let dropIndex = 0;
  // Cuts as parallel arrays read from a head index: one object per separator and Array.shift cost seconds per
  // million records.
  let cutAt: number[] = [];
  let cutLength: number[] = [];
  let cutLf: boolean[] = [];
  let head = 0;
  const scanner = new CsvRecordScanner({
    onSeparator(offset, length, blank, kind) {
      // LF stays; CRLF loses its CR; CR alone becomes LF; a blank line's separator goes.
      if (!blank && kind === 'lf') return;
      cutAt.push(offset);
      cutLength.push(blank ? length : 1);
      cutLf.push(!blank && kind === 'cr');
    },
  });
  let current: { data: Buffer; start: number } | undefined;
  let previous: { data: Buffer; start: number } | undefined;
  const output = await open(target, 'w');
  try {
    const flush = async (block: { data: Buffer; start: number }) => {
      const end = block.start + block.data.length;
      // The copy is never longer than the block: cuts only remove bytes or replace one by one.
      const out = Buffer.allocUnsafe(block.data.length);
      let written = 0;
      let pos = block.start;
      const take = (to: number) => {
        if (to > pos) written += block.data.copy(out, written, pos - block.start, to - block.start);
      };
      while (pos < end) {
        while (dropIndex < drops.length && drops[dropIndex][1] <= pos) dropIndex++;
        while (head < cutAt.length && cutAt[head] + cutLength[head] <= pos) head++;
        const drop = dropIndex < drops.length ? drops[dropIndex] : undefined;
        const nextDrop = drop ? Math.max(drop[0], pos) : end;
        const nextCut = head < cutAt.length ? Math.max(cutAt[head], pos) : end;
        const next = Math.min(nextDrop, nextCut, end);
        take(next);
        pos = next;
        if (pos >= end) break;
        if (drop && pos >= drop[0]) {
          pos = Math.min(drop[1], end);
        } else {
          if (cutLf[head]) out[written++] = LF_BYTE;
          pos = Math.min(cutAt[head] + cutLength[head], end);
          if (pos === cutAt[head] + cutLength[head]) head++;
        }
      }
      if (written) await output.write(out, 0, written);
      if (head > 0) {
        cutAt = cutAt.slice(head);
        cutLength = cutLength.slice(head);
        cutLf = cutLf.slice(head);
        head = 0;
      }
    };
    for await (const chunk of chunksOf(path, 2)) {
      previous = current;
      current = { data: chunk, start: previous ? previous.start + previous.data.length : 0 };
      scanner.push(chunk);
      // One chunk behind: a CR ending a chunk is decided by the next chunk's first byte.
      if (previous) await flush(previous);
    }
    scanner.end();
    if (current) await flush(current);
  } finally {
    await output.close();
  }
}

const LF_BYTE = 0x0a;

/**
 * The byte spans of the given records (record numbers as the scan counts them, ascending), from one more streaming
 * pass: the loader takes the raw bytes of records the reader rejected from the file itself (DuckDB's copy of a bad
 * line is not exact: it may start with the previous separator or stop at a line break inside quotes).
 */
export async function recordSpans(path: string, records: readonly number[]): Promise<RecordSpan[]> {
  const found: RecordSpan[] = [];
  if (records.length === 0) return found;
  let next = 0;
  const scanner = new CsvRecordScanner({
    onRecord(span) {
      while (next < records.length && records[next] < span.record) next++;
      if (next < records.length && records[next] === span.record) found.push(span);
    },
  });
  for await (const chunk of chunksOf(path)) {
    scanner.push(chunk);
    if (found.length === records.length) return found;
  }
  scanner.end();
  return found;
}
