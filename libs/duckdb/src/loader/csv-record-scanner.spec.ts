import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvRecordScanner, RecordSpan } from './csv-record-scanner';
import { scanCsvFile, writeNormalisedCsv } from './csv-file-pass';
import { countJsonRecords } from './json-source';

/** The scanner's rules, one byte at a time: the reference the chunked, indexOf-jumping scanner must agree with. */
function referenceRecords(text: string): { spans: [number, number][]; blank: number } {
  const b = Buffer.from(text, 'latin1');
  const spans: [number, number][] = [];
  let blank = 0;
  let start = 0;
  let inQuotes = false;
  const opens = (i: number) =>
    i === start || b[i - 1] === 0x2c || (b[i - 1] === 0x20 && (i - 1 === start || b[i - 2] === 0x2c));
  const end = (at: number, len: number) => {
    if (at === start) blank++;
    else spans.push([start, at]);
    start = at + len;
  };
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inQuotes) {
      if (c === 0x22) {
        if (b[i + 1] === 0x22) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 0x22 && opens(i)) inQuotes = true;
    else if (c === 0x0a) end(i, 1);
    else if (c === 0x0d) {
      if (b[i + 1] === 0x0a) {
        end(i, 2);
        i++;
      } else end(i, 1);
    }
  }
  if (start < b.length) spans.push([start, b.length]);
  return { spans, blank };
}

/** A small random CSV-ish text full of the bytes that matter. */
function randomText(seed: number, length: number): string {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
  const alphabet = ['"', '"', ',', ',', '\r', '\n', '\r\n', 'a', 'b', ' ', '""', '\\'];
  let out = '';
  while (out.length < length) out += alphabet[next() % alphabet.length];
  return out;
}

function scanInChunks(text: string, chunkSizes: number[]): { spans: [number, number][]; blank: number } {
  const spans: [number, number][] = [];
  const scanner = new CsvRecordScanner({ onRecord: (s: RecordSpan) => spans.push([s.start, s.end]) });
  const bytes = Buffer.from(text, 'latin1');
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const size = chunkSizes[i++ % chunkSizes.length];
    scanner.push(bytes.subarray(pos, pos + size));
    pos += size;
  }
  scanner.end();
  return { spans, blank: scanner.blankLines };
}

describe('CsvRecordScanner', () => {
  it('finds records across CRLF, LF and CR, quoted line breaks, escaped quotes and blank lines', () => {
    const text = 'h1,h2\r\n"a\r\nb",1\r\n\r\nc,"x""y"\nd, "q\nq"\re,2';
    const scan = scanInChunks(text, [1000]);
    expect(scan.spans.map(([s, e]) => text.slice(s, e))).toEqual([
      'h1,h2',
      '"a\r\nb",1',
      'c,"x""y"',
      'd, "q\nq"',
      'e,2',
    ]);
    expect(scan.blank).toBe(1);
  });

  it('agrees with a byte-at-a-time reference on random input, however the input is cut into chunks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 40 + (seed % 90));
      const expected = referenceRecords(text);
      for (const chunks of [[1], [2, 3], [7], [1000], [5, 1, 1, 2]]) {
        expect({ seed, chunks, ...scanInChunks(text, chunks) }).toEqual({ seed, chunks, ...expected });
      }
    }
  });
});

describe('CSV file passes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-scan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('normalises separators outside quotes to LF, drops blank lines, keeps quoted bytes exact', async () => {
    const input = join(dir, 'mixed.csv');
    const output = join(dir, 'normalised.csv');
    await writeFile(input, 'h1,h2\r\n"a\r\nb",1\r\n\r\nc,2\n\nd,"x\ry"\re,3');
    const scan = await scanCsvFile(input, { maxRecordBytes: 1 << 20, maxExcluded: 10 });
    expect(scan).toMatchObject({ records: 5, blankLines: 2, separators: { crlf: 3, lf: 2, cr: 1 } });
    await writeNormalisedCsv(input, output, scan);
    expect(await readFile(output, 'latin1')).toBe('h1,h2\n"a\r\nb",1\nc,2\nd,"x\ry"\ne,3');
  });

  it('drops the records it sets aside (too long, not UTF-8) and nothing else', async () => {
    const input = join(dir, 'aside.csv');
    const output = join(dir, 'aside-normalised.csv');
    const long = `"${'x'.repeat(300)}"`;
    await writeFile(
      input,
      Buffer.concat([Buffer.from(`h\r\nok1\r\n${long}\r\nok2\n`), Buffer.from([0x62, 0xff, 0x0a]), Buffer.from('ok3')]),
    );
    const scan = await scanCsvFile(input, { maxRecordBytes: 100, maxExcluded: 10 });
    expect(scan.excluded.map((e) => [e.record, e.reason])).toEqual([
      [3, 'too-large'],
      [5, 'invalid-utf8'],
    ]);
    expect(scan.excluded[1].invalidAt).toBe(1);
    await writeNormalisedCsv(input, output, scan);
    expect(await readFile(output, 'latin1')).toBe('h\nok1\nok2\nok3');
  });

  it('normalises a CRLF cut by the chunk boundary (4 MB chunks)', async () => {
    const input = join(dir, 'cut.csv');
    const output = join(dir, 'cut-normalised.csv');
    const filler = 'a'.repeat(4 * 1024 * 1024 - 4);
    await writeFile(input, `h\r\n${filler}\r\nb\rc\n`);
    const scan = await scanCsvFile(input, { maxRecordBytes: 8 << 20, maxExcluded: 10 });
    expect(scan).toMatchObject({ records: 4, separators: { crlf: 2, lf: 1, cr: 1 } });
    await writeNormalisedCsv(input, output, scan);
    expect((await readFile(output, 'latin1')) === `h\n${filler}\nb\nc\n`).toBe(true);
  });

  it('finds invalid UTF-8 that straddles a chunk boundary (4 MB chunks)', async () => {
    const input = join(dir, 'straddle.csv');
    const head = Buffer.from(`h\n${'a'.repeat(4 * 1024 * 1024 - 3)}`);
    // A 3-byte sequence cut by the chunk boundary, and an invalid one right after it.
    await writeFile(
      input,
      Buffer.concat([head, Buffer.from('€'), Buffer.from('\nx'), Buffer.from([0xe2, 0x82]), Buffer.from('\n')]),
    );
    const scan = await scanCsvFile(input, { maxRecordBytes: 8 << 20, maxExcluded: 10 });
    expect(scan.records).toBe(3);
    expect(scan.excluded.map((e) => e.record)).toEqual([3]);
  });
});

describe('countJsonRecords', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['an array of objects', '[{"a": {"b": [1, {"c": 2}]}}, {"s": "} ] { \\" \\\\"}, {}]', 3],
    ['JSON Lines with blank lines', '{"a":1}\n\n{"a":"{"}\r\n{"a":[{}]}\n', 3],
    ['an empty array', '[]', 0],
    ['escaped backslashes before a quote', '[{"a":"x\\\\"},{"b":"\\\\\\""}]', 2],
  ])('counts %s', async (_name, text, expected) => {
    const path = join(dir, 'f.json');
    await writeFile(path, text);
    expect(await countJsonRecords(path)).toBe(expected);
  });
});
