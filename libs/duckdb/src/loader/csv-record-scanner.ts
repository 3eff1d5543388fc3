/**
 * A quote-aware CSV record scanner (RFC 4180: `"` quotes, `""` escapes, `,` separates fields) that finds record
 * separators outside quoted fields, whatever they are: CRLF, LF or CR alone, mixed within one file. It works on
 * chunks of bytes (a streaming pass keeps memory bounded) and jumps between the bytes that matter with indexOf, so
 * long unquoted text costs a memchr, not a JavaScript loop.
 *
 * Records are what DuckDB's CSV reader counts as records: a quote opens a quoted field at the start of a field (or
 * after one space there, as DuckDB reads `a, "b"`), a quote left open ends only at a closing quote, and after a stray
 * character behind a closing quote (`"a"b`) the record runs to the next separator. Blank lines (two separators in a
 * row) are not records.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

export interface RecordSpan {
  /** 1-based ordinal among non-blank records; the header is record 1. */
  readonly record: number;
  /** Absolute byte offsets: [start, end) is the record without its separator, sepLength the separator's bytes. */
  readonly start: number;
  readonly end: number;
  readonly sepLength: number;
}

export type SeparatorKind = 'crlf' | 'lf' | 'cr';

export interface ScannerEvents {
  /** A non-blank record ended. */
  onRecord?(span: RecordSpan): void;
  /** A record separator outside quotes at an absolute offset; `blank`: it ends a blank line. */
  onSeparator?(offset: number, length: number, blank: boolean, kind: SeparatorKind): void;
}

export class CsvRecordScanner {
  private offset = 0;
  private inQuotes = false;
  /** Inside quotes, the previous byte was a quote: an escape (`""`) or the closing quote. */
  private quoteSeen = false;
  /** The last two bytes of the previous chunk (most recent first), for looking back across a chunk boundary. */
  private tail = [-1, -1];
  /** A CR outside quotes ended the previous chunk: CRLF or CR alone, decided by the next byte. */
  private pendingCr = -1;
  private recordStart = 0;
  private records = 0;
  readonly separators = { crlf: 0, lf: 0, cr: 0 };
  blankLines = 0;
  /** The last record ran to the end of the input without a separator. */
  endsWithoutSeparator = false;

  constructor(private readonly events: ScannerEvents = {}) {}

  get recordCount(): number {
    return this.records;
  }

  get bytes(): number {
    return this.offset;
  }

  push(chunk: Uint8Array): void {
    const base = this.offset;
    const length = chunk.length;
    let pos = 0;
    if (this.pendingCr >= 0 && length > 0) {
      const crAt = this.pendingCr;
      this.pendingCr = -1;
      if (chunk[0] === LF) {
        this.separator(crAt, 2, 'crlf');
        pos = 1;
      } else this.separator(crAt, 1, 'cr');
    }
    let nextQuote = -2;
    let nextLf = -2;
    let nextCr = -2;
    while (pos < length) {
      if (this.quoteSeen) {
        this.quoteSeen = false;
        const c = chunk[pos];
        if (c === QUOTE) {
          pos++;
          continue; // an escaped quote: still inside
        }
        this.inQuotes = false;
        // CR/LF end the record below, a comma the field; anything else is a stray character: the record runs on.
      }
      if (this.inQuotes) {
        const q = chunk.indexOf(QUOTE, pos);
        if (q < 0) {
          pos = length;
          break;
        }
        this.quoteSeen = true;
        pos = q + 1;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(CR, pos);
      let at = length;
      if (nextQuote >= 0 && nextQuote < at) at = nextQuote;
      if (nextLf >= 0 && nextLf < at) at = nextLf;
      if (nextCr >= 0 && nextCr < at) at = nextCr;
      if (at === length) {
        pos = length;
        break;
      }
      const c = chunk[at];
      if (c === QUOTE) {
        // A quote inside an unquoted value is a literal character; it opens nothing.
        if (this.opensField(chunk, at, base)) this.inQuotes = true;
        pos = at + 1;
        continue;
      }
      if (c === LF) {
        this.separator(base + at, 1, 'lf');
        pos = at + 1;
        continue;
      }
      // CR: CRLF when LF follows (maybe in the next chunk), else a separator of its own.
      if (at + 1 < length) {
        if (chunk[at + 1] === LF) {
          this.separator(base + at, 2, 'crlf');
          pos = at + 2;
        } else {
          this.separator(base + at, 1, 'cr');
          pos = at + 1;
        }
      } else {
        this.pendingCr = base + at;
        pos = length;
      }
    }
    if (length >= 2) this.tail = [chunk[length - 1], chunk[length - 2]];
    else if (length === 1) this.tail = [chunk[0], this.tail[0]];
    this.offset = base + length;
  }

  /** The byte `back` positions before `at` (across the chunk boundary); -1 before the input. */
  private byteBefore(chunk: Uint8Array, at: number, back: number): number {
    return at - back >= 0 ? chunk[at - back] : (this.tail[back - at - 1] ?? -1);
  }

  /** A quote at a field's start, or after one space there, opens a quoted field. */
  private opensField(chunk: Uint8Array, at: number, base: number): boolean {
    const absolute = base + at;
    if (absolute === this.recordStart || this.byteBefore(chunk, at, 1) === COMMA) return true;
    return (
      this.byteBefore(chunk, at, 1) === SPACE &&
      (absolute - 1 === this.recordStart || this.byteBefore(chunk, at, 2) === COMMA)
    );
  }

  /** Ends the input: the last record may have no separator; a quote still open ends with it. */
  end(): void {
    if (this.pendingCr >= 0) {
      const crAt = this.pendingCr;
      this.pendingCr = -1;
      this.separator(crAt, 1, 'cr');
    }
    if (this.offset > this.recordStart) {
      this.endsWithoutSeparator = true;
      this.records++;
      this.events.onRecord?.({ record: this.records, start: this.recordStart, end: this.offset, sepLength: 0 });
    }
    this.inQuotes = false;
    this.quoteSeen = false;
  }

  private separator(at: number, length: number, kind: SeparatorKind): void {
    this.separators[kind]++;
    const blank = at === this.recordStart;
    if (blank) this.blankLines++;
    else {
      this.records++;
      this.events.onRecord?.({ record: this.records, start: this.recordStart, end: at, sepLength: length });
    }
    this.events.onSeparator?.(at, length, blank, kind);
    this.recordStart = at + length;
  }
}
