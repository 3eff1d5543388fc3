import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fieldsFromHeader, readCsvHeader, resolveLayout, type FileMapping } from '@instalake/lake-schema';
import { sourceFormatOf, type LoadOutcome } from '@instalake/ingestion';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader, type DuckDbLakeLoaderOptions } from './duckdb-lake-loader';
import { localLogEntry } from './load-local-csv';

describe('DuckDbLakeLoader (real DuckDB, real files)', () => {
  let dir: string;
  let engine: DuckDbLakeEngine;
  let loader: DuckDbLakeLoader;
  let clock = Date.parse('2026-01-02T03:04:05Z');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-loader-'));
    engine = await DuckDbLakeEngine.open({
      catalog: new LocalCatalog(join(dir, 'lake.duckdb')),
      threads: 2,
      memoryLimit: '512MB',
    });
    loader = new DuckDbLakeLoader(engine, join(dir, 'scratch'));
  });
  afterEach(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  interface Loaded extends LoadOutcome {
    /** The rejects file as filed by beforeCommit (the loader removes its scratch copy afterwards). */
    readonly rejects?: Buffer;
  }

  async function load(
    name: string,
    content: string | Buffer,
    options: { mapping?: FileMapping; neutralisedCells?: boolean; with?: DuckDbLakeLoader; loadedAt?: Date } = {},
  ): Promise<Loaded> {
    const path = join(dir, name);
    await writeFile(path, content);
    const format = sourceFormatOf(name);
    const using = options.with ?? loader;
    const fields =
      format === 'json'
        ? await using.inspect(path, 'json')
        : fieldsFromHeader(readCsvHeader(content.toString()).fields);
    const layout = resolveLayout(name, fields, options.mapping)!;
    let rejects: Buffer | undefined;
    const loadedAt = options.loadedAt ?? new Date((clock += 1000));
    const outcome = await using.load(
      { path, format, layout, loadedAt, sourceKey: `uploads/${name}`, neutralisedCells: options.neutralisedCells },
      {
        beforeCommit: async (staged) => {
          if (staged.rejectsFile) rejects = await readFile(staged.rejectsFile);
        },
        logEntry: (o) => localLogEntry(`uploads/${name}`, layout.table.name, loadedAt, o),
      },
    );
    return { ...outcome, rejects };
  }

  const rows = async (sql: string) =>
    engine.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

  it('coerces messy counts, null tokens and dates as scrapers write them, in bulk', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,comments,caption',
      'p1,@a,2024-05-01,"1,234",12 345,N/A',
      'p2,@a,2024-05-01T23:30:00-05:00,1.2K,15.3M,-',
      'p3,@a,1714521600,"1,2K",0,NaN',
      'p4,@a,1714521600000,-1,7,null',
      'p5,@a,2024-05-03 10:00:00,1.234,,None',
      'p6,@a,"November 24, 2025",N/A,n/a,na',
      'p7,@a,Nov 24 2025,NA,-,ok',
      'p8,@a,24 November 2025,5,NaN,NULL',
      'p9,@a,"Sept. 3rd, 2025",6,nan,""',
      'p10,@a,13/04/2025,7,null,n/a text stays',
    ].join('\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 10, landed: 10, duplicates: 0, rejected: 0 });
    const got = await rows(
      `SELECT post_id, CAST(posted_date AS VARCHAR) d, likes, comments, caption FROM lake.instagram_db.posts ORDER BY ingested_at, len(post_id), post_id`,
    );
    expect(got).toEqual([
      { post_id: 'p1', d: '2024-05-01', likes: 1234, comments: 12345, caption: null },
      { post_id: 'p2', d: '2024-05-02', likes: 1200, comments: 15300000, caption: null },
      { post_id: 'p3', d: '2024-05-01', likes: 1200, comments: 0, caption: null },
      { post_id: 'p4', d: '2024-05-01', likes: null, comments: 7, caption: null },
      { post_id: 'p5', d: '2024-05-03', likes: 1234, comments: null, caption: null },
      { post_id: 'p6', d: '2025-11-24', likes: null, comments: null, caption: null },
      { post_id: 'p7', d: '2025-11-24', likes: null, comments: null, caption: 'ok' },
      { post_id: 'p8', d: '2025-11-24', likes: 5, comments: null, caption: null },
      { post_id: 'p9', d: '2025-09-03', likes: 6, comments: null, caption: null },
      { post_id: 'p10', d: '2025-04-13', likes: 7, comments: null, caption: 'n/a text stays' },
    ]);
  });

  it('reads null tokens with spaces around them as NULL, the same in CSV and JSON', async () => {
    // Optional columns: NULL, never a rejected row; key columns: a missing key.
    const cells = [
      { post_id: ' N/A', creator: '@a', posted_date: '2024-05-01', likes: '1', caption: 'x' },
      { post_id: 'p2', creator: ' -', posted_date: '2024-05-01', likes: '1', caption: 'x' },
      { post_id: 'p3', creator: '@a', posted_date: ' N/A', likes: ' N/A ', caption: '  null ' },
      { post_id: 'p4', creator: '@a', posted_date: 'NaN ', likes: ' - ', caption: ' - ' },
      { post_id: ' p5 ', creator: '@a', posted_date: '2024-05-01', likes: ' None', caption: ' N/A is not alone ' },
    ];
    const header = Object.keys(cells[0]);
    const csv = [header.join(','), ...cells.map((r) => Object.values(r).join(','))].join('\n');
    const fromCsv = await load('post_results.csv', csv);
    const fromJson = await load(
      'post_results.jsonl',
      cells.map((r) => JSON.stringify({ ...r, post_id: r.post_id.replace('p', 'j') })).join('\n'),
    );
    for (const outcome of [fromCsv, fromJson]) {
      expect(outcome).toMatchObject({ rowsRead: 5, landed: 3, duplicates: 0, rejected: 2 });
      expect(outcome.rejectedByReason).toEqual({ 'post_id:missing': 1, 'creator:missing': 1 });
      expect(outcome.rejectSamples.map((s) => s.line)).toEqual(outcome === fromCsv ? [2, 3] : [1, 2]);
    }
    expect(
      await rows(
        `SELECT post_id, CAST(posted_date AS VARCHAR) d, likes, caption FROM lake.instagram_db.posts ORDER BY post_id`,
      ),
    ).toEqual([
      { post_id: 'j3', d: null, likes: null, caption: null },
      { post_id: 'j4', d: null, likes: null, caption: null },
      { post_id: 'j5', d: '2024-05-01', likes: null, caption: ' N/A is not alone ' },
      { post_id: 'p3', d: null, likes: null, caption: null },
      { post_id: 'p4', d: null, likes: null, caption: null },
      { post_id: 'p5', d: '2024-05-01', likes: null, caption: ' N/A is not alone ' },
    ]);
  });

  it('rejects a year alone and an ambiguous day/month with reasons naming the forms, unless a date order is set', async () => {
    const csv = 'post_id,creator,posted_date\np1,@a,2025\np2,@a,03/04/2025\np3,@a,N/A\n';
    const outcome = await load('post_results.csv', csv);
    // A null token is no date: the row lands with posted_date NULL (only key columns reject a row for it).
    expect(outcome).toMatchObject({ rowsRead: 3, landed: 1, rejected: 2 });
    expect(outcome.rejectedByReason).toEqual({ 'posted_date:not_a_date': 1, 'posted_date:ambiguous_date': 1 });
    const forms = 'ISO 2025-11-24 (or a timestamp), November 24, 2025 / 24 Nov 2025, epoch seconds or ms';
    const order = 'set the date order with --date-order MDY or DMY, or "dateOrder" in a mapping file rule';
    expect(outcome.rejectSamples).toEqual([
      { line: 2, reason: `posted_date "2025" is not a date: use ${forms} (for 03/04/2025, ${order})` },
      {
        line: 3,
        reason: `posted_date "03/04/2025" is ambiguous (day and month could be either way round): ${order}, or write ${forms}`,
      },
    ]);
    const ordered = await load('post_results_b.csv', csv.replace(/p(\d)/g, 'q$1'), { mapping: { dateOrder: 'DMY' } });
    expect(ordered).toMatchObject({ landed: 2, rejected: 1 });
    expect(
      await rows(`SELECT post_id, CAST(posted_date AS VARCHAR) d FROM lake.instagram_db.posts WHERE post_id = 'q2'`),
    ).toEqual([{ post_id: 'q2', d: '2025-04-03' }]);
  });

  it('keeps BOM-headed CRLF files, multi-line captions, emoji and any script byte-exact', async () => {
    const caption = 'Line one 🍕\r\nsecond "quoted" line — 東京 ラーメン, مطعم';
    const csv = `\uFEFFpost_id,creator,posted_date,likes,caption\r\np1,@a,2024-05-01,3,"${caption.replace(/"/g, '""')}"\r\n`;
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 1, landed: 1, rejected: 0 });
    expect(await rows(`SELECT caption FROM lake.instagram_db.posts`)).toEqual([{ caption }]);
  });

  it('lands every record of a file that switches from CRLF to LF, uses CR alone, or has blank lines', async () => {
    const caption = 'first line\r\nsecond line\nthird\rfourth';
    const csv =
      'post_id,creator,posted_date,likes,caption\r\n' +
      `"p1","@a","2024-05-01","1","${caption}"\r\n` +
      'p2,@a,2024-05-01,2,plain unquoted last field\r\n' +
      '\r\n' +
      'p3,@a,2024-05-01,3,after a blank line\n' + // the switch to LF, last field unquoted
      'p4,@a,2024-05-01,4,lf\n\n\n' +
      'p5,@a,2024-05-01,5,cr alone\r' +
      'p6,@a,2024-05-01,6,no separator at the end';
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 6, landed: 6, rejected: 0 });
    expect(outcome.warnings.join()).toMatch(/line endings read as they are \(4 CRLF, 4 LF, 1 CR\).*3 blank line/);
    expect(await rows(`SELECT post_id, caption FROM lake.instagram_db.posts ORDER BY post_id`)).toEqual([
      { post_id: 'p1', caption },
      { post_id: 'p2', caption: 'plain unquoted last field' },
      { post_id: 'p3', caption: 'after a blank line' },
      { post_id: 'p4', caption: 'lf' },
      { post_id: 'p5', caption: 'cr alone' },
      { post_id: 'p6', caption: 'no separator at the end' },
    ]);
  });

  it('rejects bad rows with record number, reason and reason code, lands the rest, and keeps counts whole', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,extra',
      'p1,@a,2024-05-01,10,x', // 2 ok
      ',@a,2024-05-01,10,x', // 3 missing post_id
      'p3,@a,yesterday,10,x', // 4 bad date
      'p4,@a,2024-05-01,lots,x', // 5 bad count
      'p5,@a,2024-05-01,-7,x', // 6 negative
      'p6,@a,2024-05-01,10', // 7 too few fields
      'p7,@a,2024-05-01,10,x,y', // 8 too many
      'N/A,@a,2024-05-01,10,x', // 9 a null token in a key: missing key
      'p8,@a,2024-05-01,10,x', // 10 ok
    ].join('\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 9, landed: 2, duplicates: 0, rejected: 7 });
    expect(outcome.rejectedByReason).toEqual({
      'post_id:missing': 2,
      'posted_date:not_a_date': 1,
      'likes:not_a_count': 1,
      'likes:negative': 1,
      'record:too_few_fields': 1,
      'record:too_many_fields': 1,
    });
    const lines = outcome.rejects!.toString().trim().split('\n');
    expect(lines[0]).toBe('line,reason,post_id,creator,posted_date,likes,extra,raw_record');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    const rejects = outcome.rejects!.toString();
    expect(rejects).toContain('missing post_id');
    expect(rejects).toContain('posted_date ""yesterday"" is not a date');
    expect(rejects).toContain('likes ""lots"" is not a count');
    expect(rejects).toContain('a negative count');
    expect(rejects).toContain('too few fields: expected 5');
    expect(rejects).toContain('too many fields: expected 5');
    expect(outcome.rejectSamples[0]).toEqual({ line: 3, reason: 'missing post_id' });
  });

  it('rejects a record with a broken quote once, counted as the scan counts it, with its exact bytes', async () => {
    const broken = 'p2,@a,2024-05-01,1,"broken quote\r\np3,@a,2024-05-01,1,plain\r\np4,@a,2024-05-01,1,"closes here"';
    const csv = [
      'post_id,creator,posted_date,likes,caption',
      'p1,@a,2024-05-01,1,"fine"',
      broken, // one record: the quote runs it on over two more lines
      'p5,@a,2024-05-01,1,last',
      'p6,@a,bad date,1,after',
    ].join('\r\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 4, landed: 2, duplicates: 0, rejected: 2 });
    expect(outcome.rejectedByReason).toEqual({ 'record:broken_quote': 1, 'posted_date:not_a_date': 1 });
    expect(outcome.rejectSamples.map((s) => s.line)).toEqual([3, 5]);
    expect(outcome.rejectSamples[0].reason).toMatch(
      /unterminated or stray quote.*the lines it spans are in raw_record/,
    );
    expect(outcome.rejects!.toString()).toContain(`"${broken.replace(/"/g, '""')}"`);

    // A stray character after a closing quote, a quoted CRLF inside: two records, one rejected whole.
    const stray = 'p13,@a,2024-05-01,1,"a\r\nb"x';
    const second = await load(
      'post_results_2.csv',
      `post_id,creator,posted_date,likes,caption\n${stray}\np14,@a,2024-05-01,2,ok\n`,
    );
    expect(second).toMatchObject({
      rowsRead: 2,
      landed: 1,
      rejected: 1,
      rejectedByReason: { 'record:broken_quote': 1 },
    });
    const lines = second.rejects!.toString();
    expect(lines).toContain(`"${stray.replace(/"/g, '""')}"`);
    expect(lines).not.toContain('swallowed');
  });

  it('rejects records of the wrong width with their exact bytes, in a CRLF file and after quoted line breaks', async () => {
    const csv = [
      'post_id,creator,posted_date,caption',
      'p1,@a,2024-05-01,"two\r\nlines"',
      'p2,@a,2024-05-01', // too few fields
      'p3,@a,2024-05-01,"x\ny",extra', // too many, with a line break inside quotes
      'p4,@a,2024-05-01,ok',
    ].join('\r\n');
    const outcome = await load('post_results.csv', `${csv}\r\n`);
    expect(outcome).toMatchObject({ rowsRead: 4, landed: 2, rejected: 2 });
    expect(outcome.rejectedByReason).toEqual({ 'record:too_few_fields': 1, 'record:too_many_fields': 1 });
    const rejects = outcome.rejects!.toString();
    expect(rejects).toContain(',"p2,@a,2024-05-01"\n');
    expect(rejects).toContain('"p3,@a,2024-05-01,""x\ny"",extra"');
    expect(outcome.rejectSamples.map((s) => s.line)).toEqual([3, 4]);
  });

  it('counts a record over the size limit, rejects it with its number and reason, and lands the rest', async () => {
    const small = new DuckDbLakeLoader(engine, join(dir, 'scratch'), { maxRecordBytes: 64 * 1024 });
    const big = 'x'.repeat(100 * 1024);
    const csv = [
      'post_id,creator,posted_date,caption',
      'p1,@a,2024-05-01,a',
      `p2,@a,2024-05-01,"${big}"`,
      'p3,@a,2024-05-01,c',
    ];
    const outcome = await load('post_results.csv', `${csv.join('\n')}\n`, { with: small });
    expect(outcome).toMatchObject({ rowsRead: 3, landed: 2, rejected: 1, rejectedByReason: { 'record:too_large': 1 } });
    expect(outcome.rejectSamples).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(
          /record of 102,419 bytes is longer than the 64 KB ingestion reads: .* it stays in the uploaded file/,
        ),
      },
    ]);
    expect(outcome.rejects!.length).toBeLessThan(2000);
  });

  it('sets aside a record over the default 8 MB limit before DuckDB reads it', async () => {
    const csv = `post_id,creator,posted_date,caption\np1,@a,2024-05-01,a\np2,@a,2024-05-01,"${'y'.repeat(9 * 1024 * 1024)}"\n`;
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 2, landed: 1, rejected: 1 });
    expect(outcome.rejectSamples[0].line).toBe(3);
  });

  it('reads records up to a configured limit above the default, in CSV and JSON alike', async () => {
    const large = new DuckDbLakeLoader(engine, join(dir, 'scratch'), { maxRecordBytes: 12 * 1024 * 1024 });
    const caption = 'z'.repeat(10 * 1024 * 1024);
    const csv = await load('post_results.csv', `post_id,creator,caption\np1,@a,"${caption}"\n`, { with: large });
    const json = await load(
      'post_results.jsonl',
      `${JSON.stringify({ shortCode: 'p2', ownerUsername: '@a', caption })}\n`,
      {
        with: large,
      },
    );
    for (const o of [csv, json]) expect(o).toMatchObject({ rowsRead: 1, landed: 1, rejected: 0 });
    expect(await rows(`SELECT post_id, length(caption) AS n FROM lake.instagram_db.posts ORDER BY post_id`)).toEqual([
      { post_id: 'p1', n: BigInt(caption.length) },
      { post_id: 'p2', n: BigInt(caption.length) },
    ]);
  });

  it('rejects rows that are not UTF-8 and keeps their bytes exact in raw_record', async () => {
    const bad = Buffer.concat([
      Buffer.from('p2,@'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(',2024-05-01,"say ""hi""",1'),
    ]);
    const outcome = await load(
      'post_results.csv',
      Buffer.concat([
        Buffer.from('post_id,creator,posted_date,caption,likes\np1,@a,2024-05-01,x,1\n'),
        bad,
        Buffer.from('\r\np3,@c,2024-05-01,y,3\n'),
      ]),
    );
    expect(outcome).toMatchObject({
      rowsRead: 3,
      landed: 2,
      rejected: 1,
      rejectedByReason: { 'record:invalid_utf8': 1 },
    });
    expect(outcome.rejectSamples[0]).toMatchObject({ line: 3, reason: expect.stringContaining('UTF-8') });
    const quoted = Buffer.concat([
      Buffer.from('"'),
      Buffer.from(bad.toString('latin1').replace(/"/g, '""'), 'latin1'),
      Buffer.from('"'),
    ]);
    expect(outcome.rejects!.includes(quoted)).toBe(true);
  });

  it('sets aside every record that is not UTF-8, however many invalid bytes each has, with its exact bytes', async () => {
    // Latin-1: five accents per record, 3,000 records (the invalid bytes outnumber any per-chunk bound on bytes).
    const bad = Array.from({ length: 3000 }, (_, i) =>
      Buffer.from(`b${i},@a,2024-05-01,caf\xe9 \xe9\xe9\xe9\xe9`, 'latin1'),
    );
    const good = Array.from({ length: 4 }, (_, i) => Buffer.from(`g${i},@a,2024-05-01,caf\u00e9`));
    const records = [...good.slice(0, 2), ...bad, ...good.slice(2)];
    const file = Buffer.concat([
      Buffer.from('post_id,creator,posted_date,caption'),
      ...records.flatMap((r) => [Buffer.from('\n'), r]),
    ]);
    const outcome = await load('post_results.csv', file);
    expect(outcome).toMatchObject({ rowsRead: 3004, landed: 4, duplicates: 0, rejected: 3000 });
    expect(outcome.rejectedByReason).toEqual({ 'record:invalid_utf8': 3000 });
    expect(await rows(`SELECT count(*) AS n FROM lake.instagram_db.posts WHERE caption = 'café'`)).toEqual([{ n: 4n }]);
    const rejects = outcome.rejects!;
    expect(rejects.includes(Buffer.from('?'))).toBe(false);
    for (const record of bad)
      expect(rejects.includes(Buffer.concat([Buffer.from('"'), record, Buffer.from('"')]))).toBe(true);
  });

  it('sets aside a record that is not UTF-8 on both sides of a read chunk boundary once, and the ones after it', async () => {
    const header = 'post_id,creator,posted_date,caption\n';
    const filler = Array.from({ length: (4 * 1024 * 1024) / 64 }, (_, i) =>
      `f${i},@a,2024-05-01,${'x'.repeat(40)}`.slice(0, 63),
    );
    let text = header + filler.join('\n');
    text = text.slice(0, text.lastIndexOf('\n', 4 * 1024 * 1024 - 100) + 1);
    // A last good row that ends 10 bytes before the 4 MB read chunk does.
    text += `pad,@a,2024-05-01,${'p'.repeat(4 * 1024 * 1024 - 10 - text.length - 19)}\n`;
    expect(text.length).toBe(4 * 1024 * 1024 - 10);
    const goodRows = text.split('\n').length - 2;
    // Has accents on both sides of the chunk boundary.
    const straddling = Buffer.from(`s1,@a,2024-05-01,\xe9${'\xe9'.repeat(40)}`, 'latin1');
    const after = Array.from({ length: 3 }, (_, i) => Buffer.from(`a${i},@a,2024-05-01,\xe9t\xe9`, 'latin1'));
    const file = Buffer.concat([
      Buffer.from(text),
      straddling,
      ...after.flatMap((r) => [Buffer.from('\n'), r]),
      Buffer.from('\n'),
    ]);
    const outcome = await load('post_results.csv', file);
    expect(outcome).toMatchObject({ rowsRead: goodRows + 4, landed: goodRows, rejected: 4 });
    expect(outcome.rejectedByReason).toEqual({ 'record:invalid_utf8': 4 });
    for (const record of [straddling, ...after])
      expect(outcome.rejects!.includes(Buffer.concat([Buffer.from('"'), record, Buffer.from('"')]))).toBe(true);
  });

  it('neutralises formula cells in the rejects file, and a replay of it restores them byte-exact', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,caption',
      'p1,@a,yesterday,-1,"=HYPERLINK(""http://evil.example"",""x"")"',
      "p2,@a,later,+3,'already quoted",
      'p3,@a,soon,7,@mention\ttab',
    ].join('\n');
    const first = await load('post_results.csv', csv);
    expect(first.rejected).toBe(3);
    const rejects = first.rejects!.toString();
    expect(rejects).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(rejects).toContain(`'-1`);
    expect(rejects).toContain(`'+3`);
    expect(rejects).toContain(`''already quoted`);
    expect(rejects).toContain(`'@mention`);
    expect(rejects).not.toMatch(/(^|,)[=+\-@][^,]*/m);
    // The user fixes the dates and replays the rejects file.
    const fixed = rejects.replace(/yesterday|later|soon/g, '2024-05-01');
    const replay = await load('post_results.t.replay-1.rejects.csv', fixed, { neutralisedCells: true });
    expect(replay).toMatchObject({ landed: 3, rejected: 0 });
    expect(await rows(`SELECT post_id, likes, caption FROM lake.instagram_db.posts ORDER BY post_id`)).toEqual([
      { post_id: 'p1', likes: null, caption: '=HYPERLINK("http://evil.example","x")' },
      { post_id: 'p2', likes: 3, caption: "'already quoted" },
      { post_id: 'p3', likes: 7, caption: '@mention\ttab' },
    ]);
  });

  it('de-duplicates in the file and against the table, NULL-safe, and re-ingest changes nothing', async () => {
    const csv = [
      'restaurant_name,city,phone,posts,followers',
      "Joe's Pizza,New York,,120,12.5K",
      "Joe's Pizza,New York,,121,12.6K", // same key (NULL phone): duplicate
      'Joe\'s Pizza,New York,212-555-0101,5,"1,2K"',
      'Tartine,San Francisco,415-555-0199,88,"1,234"',
    ].join('\n');
    const first = await load('instagram_results.csv', csv);
    expect(first).toMatchObject({ rowsRead: 4, landed: 3, duplicates: 1, rejected: 0 });
    const firstAt = new Date(clock);
    const again = await load('instagram_results_again.csv', csv);
    expect(again).toMatchObject({ rowsRead: 4, landed: 0, duplicates: 4, rejected: 0 });
    // Another file at the same load time: the rows it finds are still another delivery's (only a resumed load's own).
    const sameTime = await load('instagram_results_same_time.csv', csv, { loadedAt: firstAt });
    expect(sameTime).toMatchObject({ rowsRead: 4, landed: 0, duplicates: 4, rejected: 0 });
    expect(
      await rows(
        `SELECT restaurant_name, phone, followers, followers_count, posts_count FROM lake.instagram_db.restaurants ORDER BY followers_count`,
      ),
    ).toEqual([
      {
        restaurant_name: "Joe's Pizza",
        phone: '212-555-0101',
        followers: '1,2K',
        followers_count: 1200n,
        posts_count: 5,
      },
      {
        restaurant_name: 'Tartine',
        phone: '415-555-0199',
        followers: '1,234',
        followers_count: 1234n,
        posts_count: 88,
      },
      { restaurant_name: "Joe's Pizza", phone: null, followers: '12.5K', followers_count: 12500n, posts_count: 120 },
    ]);
  });

  it('keys restaurants on the canonical city: two spellings are one restaurant, the first spelling kept', async () => {
    await load(
      'instagram_results_1.csv',
      'restaurant_name,city,zip_code,phone,instagram_handle,followers,posts,bio,website,status\r\n' +
        'COOPERTOWN,NEW YORK,10003,+1 212-677-2126,,,,,,NOT_FOUND\r\n' +
        'ALI BABAS,SAN FRANCISCO,94110,,@alibabas,1,0,,,EMPTY_PROFILE\r\n',
    );
    const second = await load(
      'instagram_results_2.csv',
      'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website,status\n' +
        '"COOPERTOWN","Manhattan","+1 212-677-2126","","","","","","NOT_FOUND"\n' +
        '"ALI BABAS","San Fran","N/A","@alibabas","17.7M","4316","bio","site","FOUND"\n' +
        '"NEW PLACE","Springfield","","","","","","","NOT_CHECKED"\n',
    );
    const third = await load(
      'instagram_results_3.csv',
      'restaurant_name,city,instagram_handle,followers,posts,bio,website,status\n' + 'COOPERTOWN,ny,,,,,,NOT_FOUND\n',
    );
    expect(second).toMatchObject({ landed: 1, duplicates: 2 });
    expect(third).toMatchObject({ landed: 1, duplicates: 0 }); // no phone column: phone NULL is another key
    expect(
      await rows(
        `SELECT restaurant_name, city, canonical_city, phone FROM lake.instagram_db.restaurants ORDER BY restaurant_name, phone NULLS LAST`,
      ),
    ).toEqual([
      { restaurant_name: 'ALI BABAS', city: 'SAN FRANCISCO', canonical_city: 'San Francisco', phone: null },
      { restaurant_name: 'COOPERTOWN', city: 'NEW YORK', canonical_city: 'New York', phone: '+1 212-677-2126' },
      { restaurant_name: 'COOPERTOWN', city: 'ny', canonical_city: 'New York', phone: null },
      { restaurant_name: 'NEW PLACE', city: 'Springfield', canonical_city: 'Springfield', phone: null },
    ]);
  });

  it('appends re-scraped counts of known posts to post_metrics, once per change, posts staying insert-only', async () => {
    const header = 'post_id,creator,posted_date,likes,comments\n';
    // A backup repeats the post below its first scrape with newer numbers.
    const first = await load(
      'post_results_1.csv',
      `${header}p1,@a,2024-05-01,100,\np2,@b,2024-05-01,5,1\np1,@a,2024-05-01,120,4\n`,
    );
    expect(first).toMatchObject({ landed: 2, duplicates: 1, observations: 1 });
    const second = await load('post_results_2.csv', `${header}p1,@a,2024-05-01,130,4\np2,@b,2024-05-01,5,1\n`);
    expect(second).toMatchObject({ landed: 0, duplicates: 2, observations: 1 });
    const third = await load('post_results_3.csv', `${header}p1,@a,2024-05-01,N/A,\np2,@b,2024-05-01,5,1\n`);
    expect(third).toMatchObject({ observations: 0 }); // hidden or missing counts are no observation
    expect(
      await rows(
        `SELECT post_id, likes, comments, source_file FROM lake.instagram_db.post_metrics ORDER BY observed_at`,
      ),
    ).toEqual([
      { post_id: 'p1', likes: 120, comments: 4, source_file: 'uploads/post_results_1.csv' },
      { post_id: 'p1', likes: 130, comments: 4, source_file: 'uploads/post_results_2.csv' },
    ]);
    expect(await rows(`SELECT post_id, likes FROM lake.instagram_db.posts ORDER BY post_id`)).toEqual([
      { post_id: 'p1', likes: 100 },
      { post_id: 'p2', likes: 5 },
    ]);
  });

  it('reads the Apify instagram-scraper, hashtag scraper, reels tracker and Instaloader layouts with no mapping', async () => {
    const apify = await load(
      'dataset_instagram-scraper.csv',
      'alt,caption,commentsCount,hashtags/0,hashtags/1,hashtags/2,id,likesCount,ownerUsername,shortCode,timestamp,type,url\n' +
        'Photo of pizza,Best slice,12,pizza,#nyc,,3756236734412345678,-1,joes_pizza,DQg1WiW69FO,2025-11-24T18:30:00.000Z,Image,https://www.instagram.com/p/DQg1WiW69FO/\n',
    );
    const hashtag = await load(
      'hashtag_export.csv',
      'queryTag,url,caption,likesCount,commentsCount,timestamp,ownerUsername\n' +
        'nycpizza,https://www.instagram.com/reel/DRa6qq-Ed10/,Reel,40,2,2025-11-25T10:00:00.000Z,slice_nyc\n',
    );
    const reels = await load(
      'reels.csv',
      'code,owner_username,like_count,comment_count,created_at,checked_at\n' +
        'DSSCe4ElV-8,reeler,2290,96,2025-11-26 09:00:00+00:00,2025-11-27 00:00:00+00:00\n',
    );
    const instaloader = await load(
      'arijitsingh.csv',
      'mediaid,date_utc,caption,likes,comments\n3756236734412345678,2025-11-27 12:00:00,Song,1000,10\n',
      { mapping: { set: { creator: 'arijitsingh' } } },
    );
    for (const o of [apify, hashtag, reels, instaloader]) expect(o).toMatchObject({ landed: 1, rejected: 0 });
    expect(
      await rows(
        `SELECT post_id, creator, search_term, CAST(posted_date AS VARCHAR) d, likes, comments, hashtags, image_description, post_url
         FROM lake.instagram_db.posts ORDER BY ingested_at`,
      ),
    ).toEqual([
      {
        post_id: 'DQg1WiW69FO',
        creator: 'joes_pizza',
        search_term: null,
        d: '2025-11-24',
        likes: null,
        comments: 12,
        hashtags: '#pizza #nyc',
        image_description: 'Photo of pizza',
        post_url: 'https://www.instagram.com/p/DQg1WiW69FO/',
      },
      {
        post_id: 'DRa6qq-Ed10',
        creator: 'slice_nyc',
        search_term: 'nycpizza',
        d: '2025-11-25',
        likes: 40,
        comments: 2,
        hashtags: null,
        image_description: null,
        post_url: 'https://www.instagram.com/reel/DRa6qq-Ed10/',
      },
      {
        post_id: 'DSSCe4ElV-8',
        creator: 'reeler',
        search_term: null,
        d: '2025-11-26',
        likes: 2290,
        comments: 96,
        hashtags: null,
        image_description: null,
        post_url: 'https://www.instagram.com/p/DSSCe4ElV-8/',
      },
      {
        // Instaloader's numeric media id encodes the shortcode: the same post as the Apify row, another creator.
        post_id: 'DQg1WiW69FO',
        creator: 'arijitsingh',
        search_term: null,
        d: '2025-11-27',
        likes: 1000,
        comments: 10,
        hashtags: null,
        image_description: null,
        post_url: 'https://www.instagram.com/p/DQg1WiW69FO/',
      },
    ]);
  });

  it('keeps a short numeric post_id as written, and takes a media id for the shortcode its URL or itself gives', async () => {
    const own = await load(
      'post_results.csv',
      'post_id,creator,url\n12345,@a,\n999,@a,\n3756236734412345678,@a,\n3756236734412345679,@a,https://www.instagram.com/reel/Cabc_12-x/\n',
    );
    const ids = await load('post_results_ids.csv', 'id,creator\n12345,@b\n3756236734412345678_42,@b\n');
    const mapped = await load('post_results_mapped.csv', 'media,creator\n77,@c\n', {
      mapping: { map: { media: 'post_id' } },
    });
    for (const o of [own, ids, mapped]) expect(o).toMatchObject({ rejected: 0, duplicates: 0 });
    expect(own.landed + ids.landed + mapped.landed).toBe(7);
    expect(
      await rows(
        `SELECT creator, post_id, post_url FROM lake.instagram_db.posts ORDER BY creator, len(post_id), post_id`,
      ),
    ).toEqual([
      { creator: '@a', post_id: '999', post_url: null },
      { creator: '@a', post_id: '12345', post_url: null },
      { creator: '@a', post_id: 'Cabc_12-x', post_url: 'https://www.instagram.com/reel/Cabc_12-x/' },
      { creator: '@a', post_id: 'DQg1WiW69FO', post_url: null },
      { creator: '@b', post_id: '12345', post_url: null },
      { creator: '@b', post_id: 'DQg1WiW69FO', post_url: 'https://www.instagram.com/p/DQg1WiW69FO/' },
      { creator: '@c', post_id: '77', post_url: null },
    ]);
  });

  it('reads JSON arrays and JSON Lines in bulk: nested owner, hashtag arrays, counts, rejects', async () => {
    const records = [
      {
        shortCode: 'AAA111',
        owner: { username: 'joes_pizza', id: '1' },
        hashtags: ['pizza', 'nyc'],
        likesCount: 1200,
        commentsCount: '15',
        timestamp: '2025-11-24T18:30:00.000Z',
        caption: 'Line "one"\nline two 🍕',
        alt: 'A pizza',
      },
      { shortCode: 'BBB222', owner: { username: 'slice' }, hashtags: [], likesCount: -1, timestamp: 1732464000 },
      { shortCode: null, owner: { username: 'nobody' }, timestamp: '2025-11-24' },
    ];
    const array = await load('dataset.json', JSON.stringify(records, null, 2));
    expect(array).toMatchObject({ rowsRead: 3, landed: 2, rejected: 1, rejectedByReason: { 'post_id:missing': 1 } });
    expect(array.rejectSamples[0]).toEqual({ line: 3, reason: 'missing post_id' });
    expect(array.rejects!.toString()).toContain('owner.username');
    const lines = await load(
      'post_results.jsonl',
      `${JSON.stringify({ ...records[0], shortCode: 'CCC333' })}\n\n${JSON.stringify(records[1])}\n`,
    );
    expect(lines).toMatchObject({ rowsRead: 2, landed: 1, duplicates: 1 });
    expect(
      await rows(
        `SELECT post_id, creator, likes, comments, hashtags, caption, CAST(posted_date AS VARCHAR) d FROM lake.instagram_db.posts ORDER BY post_id`,
      ),
    ).toEqual([
      {
        post_id: 'AAA111',
        creator: 'joes_pizza',
        likes: 1200,
        comments: 15,
        hashtags: '#pizza #nyc',
        caption: 'Line "one"\nline two 🍕',
        d: '2025-11-24',
      },
      {
        post_id: 'BBB222',
        creator: 'slice',
        likes: null,
        comments: null,
        hashtags: null,
        caption: null,
        d: '2024-11-24',
      },
      {
        post_id: 'CCC333',
        creator: 'joes_pizza',
        likes: 1200,
        comments: 15,
        hashtags: '#pizza #nyc',
        caption: 'Line "one"\nline two 🍕',
        d: '2025-11-24',
      },
    ]);
  });

  it('rejects a JSON file it cannot parse with a clear error, and lands nothing', async () => {
    await expect(load('dataset.json', '[{"shortCode": "A", "owner": {"username": "x"}, ')).rejects.toMatchObject({
      code: 'JSON_UNREADABLE',
      message: expect.stringContaining('could not be read as JSON'),
    });
    expect(await rows(`SELECT count(*) AS n FROM lake.instagram_db.posts`)).toEqual([{ n: 0n }]);
  });

  it('reads a file of 2,000 columns within the memory limit', async () => {
    const extra = Array.from({ length: 1996 }, (_, i) => `extra_${i}`);
    const header = ['post_id', 'creator', 'posted_date', 'likes', ...extra].join(',');
    const body = Array.from({ length: 200 }, (_, r) =>
      [`p${r}`, '@a', '2024-05-01', r, ...extra.map(() => 'v')].join(','),
    );
    const outcome = await load('post_results.csv', `${header}\n${body.join('\n')}\n`);
    expect(outcome).toMatchObject({ rowsRead: 200, landed: 200, rejected: 0 });
  });

  it.each<[string, DuckDbLakeLoaderOptions['commitMode']]>([
    ['one transaction', 'transaction'],
    ['table by table (Iceberg)', 'sequential'],
  ])('writes rows and the ingest log entry in %s', async (_name, commitMode) => {
    const modal = new DuckDbLakeLoader(engine, join(dir, 'scratch'), { commitMode });
    const outcome = await load(
      'post_results.csv',
      'post_id,creator,posted_date\np1,@a,2024-05-01\np1,@a,2024-05-01\n',
      {
        with: modal,
      },
    );
    expect(outcome).toMatchObject({ landed: 1, duplicates: 1 });
    const log = await rows(
      `SELECT status, landed, duplicates FROM lake.instagram_db.ingest_log ORDER BY finished_at, status`,
    );
    expect(log).toEqual(
      commitMode === 'sequential'
        ? [
            { status: 'ingested', landed: 1n, duplicates: 1n },
            { status: 'loading', landed: 0n, duplicates: 2n },
          ]
        : [{ status: 'ingested', landed: 1n, duplicates: 1n }],
    );
  });
});
