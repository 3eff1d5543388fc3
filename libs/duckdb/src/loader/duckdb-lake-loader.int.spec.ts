import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvHeader, resolveFileLayout } from '@instalake/lake-schema';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from './duckdb-lake-loader';

describe('DuckDbLakeLoader (real DuckDB, real files)', () => {
  let dir: string;
  let engine: DuckDbLakeEngine;
  let loader: DuckDbLakeLoader;

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

  async function load(name: string, content: string | Buffer) {
    const path = join(dir, name);
    await writeFile(path, content);
    const header = parseCsvHeader(content.toString());
    const layout = resolveFileLayout(name, header)!;
    return loader.loadCsv({ path, layout, header, loadedAt: new Date('2026-01-02T03:04:05Z') });
  }

  const rows = async (sql: string) =>
    engine.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

  it('coerces messy counts and dates in bulk', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,comments',
      'p1,@a,2024-05-01,"1,234",12 345',
      'p2,@a,2024-05-01T23:30:00-05:00,1.2K,15.3M',
      'p3,@a,1714521600,"1,2K",0',
      'p4,@a,1714521600000,-1,7',
      'p5,@a,2024-05-03 10:00:00,1.234,',
    ].join('\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 5, landed: 5, duplicates: 0, rejected: 0 });
    const got = await rows(
      `SELECT post_id, CAST(posted_date AS VARCHAR) d, likes, comments FROM lake.instagram_db.posts ORDER BY post_id`,
    );
    expect(got).toEqual([
      { post_id: 'p1', d: '2024-05-01', likes: 1234, comments: 12345 },
      { post_id: 'p2', d: '2024-05-02', likes: 1200, comments: 15300000 },
      { post_id: 'p3', d: '2024-05-01', likes: 1200, comments: 0 },
      { post_id: 'p4', d: '2024-05-01', likes: null, comments: 7 },
      { post_id: 'p5', d: '2024-05-03', likes: 1234, comments: null },
    ]);
  });

  it('keeps BOM-headed CRLF files, multi-line captions, emoji and any script byte-exact', async () => {
    const caption = 'Line one 🍕\r\nsecond "quoted" line — 東京 ラーメン, مطعم';
    const csv = `\uFEFFpost_id,creator,posted_date,likes,caption\r\np1,@a,2024-05-01,3,"${caption.replace(/"/g, '""')}"\r\n`;
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 1, landed: 1, rejected: 0 });
    expect(await rows(`SELECT caption FROM lake.instagram_db.posts`)).toEqual([{ caption }]);
  });

  it('rejects bad rows with record number and reason, lands the rest, and keeps counts whole', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,extra',
      'p1,@a,2024-05-01,10,x', // 2 ok
      ',@a,2024-05-01,10,x', // 3 missing post_id
      'p3,@a,yesterday,10,x', // 4 bad date
      'p4,@a,2024-05-01,lots,x', // 5 bad count
      'p5,@a,2024-05-01,-7,x', // 6 negative
      'p6,@a,2024-05-01,10', // 7 too few fields
      'p7,@a,2024-05-01,10,x,y', // 8 too many
      'p8,@a,2024-05-01,10,x', // 9 ok
    ].join('\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome).toMatchObject({ rowsRead: 8, landed: 2, duplicates: 0, rejected: 6 });
    const rejects = await readFile(outcome.rejectsFile!, 'utf8');
    const lines = rejects.trim().split('\n');
    expect(lines[0]).toBe('line,reason,post_id,creator,posted_date,likes,extra,raw_record');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '5', '6', '7', '8']);
    expect(rejects).toContain('missing post_id');
    expect(rejects).toContain('posted_date ""yesterday"" is not a date');
    expect(rejects).toContain('likes ""lots"" is not a count');
    expect(rejects).toContain('a negative count');
    expect(rejects).toContain('too few fields: expected 5');
    expect(rejects).toContain('too many fields: expected 5');
    expect(outcome.rejectSamples[0]).toEqual({ line: 3, reason: 'missing post_id' });
  });

  it('does not let a broken quote swallow rows silently', async () => {
    const csv = [
      'post_id,creator,posted_date,likes,caption',
      'p1,@a,2024-05-01,1,"fine"',
      'p2,@a,2024-05-01,1,"broken quote',
      'p3,@a,2024-05-01,1,plain',
      'p4,@a,2024-05-01,1,"closes here"',
      'p5,@a,2024-05-01,1,last',
    ].join('\r\n');
    const outcome = await load('post_results.csv', csv);
    expect(outcome.rowsRead).toBe(5);
    expect(outcome.landed + outcome.duplicates + outcome.rejected).toBe(5);
    expect(outcome.landed).toBe(2);
    const rejects = await readFile(outcome.rejectsFile!, 'utf8');
    expect(rejects).toContain('unterminated or stray quote');
    expect(rejects).toContain('swallowed by the unterminated quote in record 3');
    expect(rejects).toContain('p3,@a,2024-05-01,1,plain');
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
    const again = await load('instagram_results_again.csv', csv);
    expect(again).toMatchObject({ rowsRead: 4, landed: 0, duplicates: 4, rejected: 0 });
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

  it('rejects rows that are not UTF-8', async () => {
    const outcome = await load(
      'post_results.csv',
      Buffer.concat([
        Buffer.from('post_id,creator,posted_date,likes\np1,@a,2024-05-01,1\np2,@'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(',2024-05-01,1\n'),
      ]),
    );
    expect(outcome).toMatchObject({ rowsRead: 2, landed: 1, rejected: 1 });
    expect(outcome.rejectSamples[0].reason).toContain('UTF-8');
  });
});
