import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runInstalled } from './installed-cli.fixture';

/**
 * End to end through the installed CLI (`node apps/cli/bin/instalake.js`, the esbuild bundle) in its own process:
 * local object store, real DuckDB lake file, real CSV files, in a fresh INSTALAKE_HOME.
 */
describe('instalake ingest / replay (installed CLI, local default)', () => {
  let home: string;
  let input: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-cli-'));
    input = join(home, 'input');
    await mkdir(input);
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  async function cli(...args: string[]) {
    const { code, stdout, stderr } = await runInstalled(args, { home });
    try {
      return { code, json: JSON.parse(stdout) };
    } catch {
      throw new Error(`instalake ${args.join(' ')} printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
    }
  }

  async function tableCounts() {
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`SELECT (SELECT count(*) FROM instagram_db.posts) p, (SELECT count(*) FROM instagram_db.restaurants) r,
      (SELECT string_agg(post_id || ':' || coalesce(CAST(likes AS VARCHAR), 'NULL'), ',' ORDER BY post_id) FROM instagram_db.posts) ids`)
    ).getRowObjectsJS()[0];
    c.closeSync();
    db.closeSync();
    return { posts: Number(rows.p), restaurants: Number(rows.r), ids: rows.ids };
  }

  it('ingests a folder with exact counts, dead-letters the bad file, and a second run changes nothing', async () => {
    await writeFile(
      join(input, 'post_results_a.csv'),
      'post_id,creator,posted_date,likes\np1,@a,2024-05-01,"1,234"\np1,@a,2024-05-01,9\np2,@b,2024-05-02,bad\np3,@c,2024-05-03,-1\n',
    );
    await writeFile(
      join(input, 'instagram_results_x.csv'),
      'restaurant_name,city,phone\nJoe,New York,\nJoe,New York,\n',
    );
    await writeFile(join(input, 'post_results_broken.csv'), 'post_id,likes\np1,3\n');

    const first = await cli('ingest', input, '--json');
    expect(first.code).toBe(1); // one file rejected whole
    const byFile = Object.fromEntries(first.json.map((r: { file: string }) => [r.file, r]));
    expect(byFile['uploads/post_results_a.csv']).toMatchObject({
      table: 'posts',
      status: 'ingested',
      rowsRead: 4,
      landed: 2,
      duplicates: 1,
      rejected: 1,
      rejectedByReason: { 'likes:not_a_count': 1 },
      deadLetterKey: expect.stringMatching(/^dlq\/post_results_a\.\w{12}\.rejects\.csv$/),
    });
    const rejectsKey: string = byFile['uploads/post_results_a.csv'].deadLetterKey;
    expect(byFile['uploads/instagram_results_x.csv']).toMatchObject({
      table: 'restaurants',
      status: 'ingested',
      rowsRead: 2,
      landed: 1,
      duplicates: 1,
      rejected: 0,
    });
    expect(byFile['uploads/post_results_broken.csv']).toMatchObject({
      status: 'rejected',
      error: { code: 'SCHEMA_MISMATCH' },
      deadLetterKey: expect.stringMatching(/^dlq\/post_results_broken\.\w{12}\.csv$/),
    });
    const bucket = join(home, 'buckets', 'instalake-raw');
    expect(existsSync(join(bucket, `${byFile['uploads/post_results_broken.csv'].deadLetterKey}.error.json`))).toBe(
      true,
    );
    const rejects = await readFile(join(bucket, rejectsKey), 'utf8');
    expect(rejects).toBe(
      // @b starts like a spreadsheet formula: neutralised with an apostrophe, which replay takes off again.
      `line,reason,post_id,creator,posted_date,likes,raw_record\n4,"likes ""bad"" is not a count (use digits, 1,234, 12 345, 1.2K or 15.3M)",p2,'@b,2024-05-02,bad,\n`,
    );
    const before = await tableCounts();
    expect(before).toEqual({ posts: 2, restaurants: 1, ids: 'p1:1234,p3:NULL' });

    const second = await cli('ingest', input, '--json');
    expect(second.json.map((r: { status: string }) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await tableCounts()).toEqual(before);

    // Fix the rejected row in the dead-letter file and replay it.
    await writeFile(join(bucket, rejectsKey), rejects.replace(',bad,', ',15,'));
    const replay = await cli('replay', rejectsKey, '--json');
    expect(replay.code).toBe(0);
    expect(replay.json[0]).toMatchObject({ table: 'posts', status: 'ingested', rowsRead: 1, landed: 1, rejected: 0 });
    expect((await tableCounts()).ids).toBe('p1:1234,p2:15,p3:NULL');
    expect(await creatorOf('p2')).toBe('@b');
  });

  it('keeps the folders of a folder given, so same-name files are two uploads with their own dead letters', async () => {
    await mkdir(join(input, 'a'));
    await mkdir(join(input, 'b'));
    await writeFile(join(input, 'a', 'post_results.csv'), 'post_id,creator,posted_date,likes\np1,@a,2024-05-01,x\n');
    await writeFile(join(input, 'b', 'post_results.csv'), 'post_id,creator,posted_date,likes\np2,@b,2024-05-01,y\n');
    const { json } = await cli('ingest', input, '--json');
    expect(json.map((r: { file: string }) => r.file)).toEqual([
      'uploads/a/post_results.csv',
      'uploads/b/post_results.csv',
    ]);
    const keys = json.map((r: { rejectsKey: string }) => r.rejectsKey);
    expect(keys[0]).toMatch(/^dlq\/a\/post_results\.\w{12}\.rejects\.csv$/);
    expect(keys[1]).toMatch(/^dlq\/b\/post_results\.\w{12}\.rejects\.csv$/);
    const bucket = join(home, 'buckets', 'instalake-raw');
    expect(await readFile(join(bucket, keys[0]), 'utf8')).toContain('p1');
    expect(await readFile(join(bucket, keys[1]), 'utf8')).toContain('p2');
  });

  it('takes what a file cannot say from --set/--map, validates them, and reads JSON', async () => {
    const file = join(input, 'arijitsingh.csv');
    await writeFile(file, 'shortcode,when,likes\nDQg1WiW69FO,2025-11-24,5\n');
    const mapped = await cli(
      'ingest',
      file,
      '--set',
      'creator=arijitsingh',
      '--map',
      'when=posted_date',
      '--table',
      'posts',
      '--json',
    );
    expect(mapped.json[0]).toMatchObject({ status: 'ingested', table: 'posts', landed: 1 });
    const bad = await cli('ingest', file, '--set', 'creatr=x', '--json');
    expect(bad.code).toBe(2);
    expect(bad.json.error).toMatchObject({
      code: 'INVALID_MAPPING',
      message: expect.stringContaining('"creatr" is not a column'),
    });
    const json = join(input, 'dataset.jsonl');
    await writeFile(
      json,
      '{"shortCode":"AAA","owner":{"username":"joe"},"timestamp":"2025-11-24T10:00:00Z","hashtags":["a"]}\n',
    );
    expect((await cli('ingest', json, '--json')).json[0]).toMatchObject({ format: 'json', table: 'posts', landed: 1 });
  });

  it('reads a mapping file named by INSTALAKE_MAPPING_FILE, and refuses an invalid one before touching the lake', async () => {
    const mapping = join(home, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ rules: [{ files: '*.csv', set: { creator: 'arijitsingh' } }] }));
    const file = join(input, 'arijitsingh.csv');
    await writeFile(file, 'shortcode,date_utc,likes\nDQg1WiW69FO,2025-11-24 10:00:00,5\n');
    const run = async (...args: string[]) => {
      const r = await runInstalled(['ingest', ...args, '--json'], { home, env: { INSTALAKE_MAPPING_FILE: mapping } });
      return { code: r.code, json: JSON.parse(r.stdout) };
    };
    expect((await run(file)).json[0]).toMatchObject({ status: 'ingested', table: 'posts', landed: 1 });
    await writeFile(mapping, '{"rules": [{"files": "*.csv", "set": {"creatr": "x"}}]}');
    const bad = await run(file);
    expect(bad.code).toBe(2);
    expect(bad.json.error).toMatchObject({ code: 'INVALID_MAPPING', message: expect.stringContaining('rules[0].set') });
  });

  it('prints records, landed, duplicates and rejected by reason per file', async () => {
    const file = join(input, 'post_results_t.csv');
    await writeFile(file, 'post_id,creator,posted_date,likes\np1,@a,2024-05-01,1\np1,@a,2024-05-01,2\np2,@a,2025,3\n');
    const { stdout } = await runInstalled(['ingest', file], { home });
    expect(stdout).toMatch(
      /✓ uploads\/post_results_t\.csv -> posts \(ingested\): records 3: landed 1, duplicates 1, rejected 1 \(posted_date:not_a_date 1\); 1 re-scraped count\(s\) to post_metrics/,
    );
  });

  it('lands overlapping scraper backups as they are written (CRLF then LF, month-name dates, N/A, city spellings) once', async () => {
    const header =
      'search_term,post_id,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url,status';
    const row = (id: string, date: string, likes: string, comments: string) =>
      [
        `"#nycfoodie"`,
        `"${id}"`,
        `"cook_${id}"`,
        `"${date}"`,
        `"${likes}"`,
        `"${comments}"`,
        '"#nyc"',
        '"Caption\r\nwith a break"',
        '""',
        `"https://www.instagram.com/p/${id}/"`,
        '"SCRAPED"',
      ].join(',');
    const first = [header, row('A1', 'November 24, 2025', '5207', ''), row('A2', 'January 4, 2026', 'N/A', 'N/A')];
    // The later backup repeats the first one (CRLF) and goes on in LF, with a re-scrape and a year-only date.
    const later = `${first.join('\r\n')}\r\n${[row('A3', 'December 9, 2025', '10', '1'), row('A1', 'November 24, 2025', '5300', '12'), row('A4', '2025', '1', '1')].join('\n')}\n`;
    await writeFile(join(input, 'post_results_1.csv'), `${first.join('\r\n')}\r\n`);
    await writeFile(join(input, 'post_results_2.csv'), later);
    await writeFile(
      join(input, 'instagram_results_1.csv'),
      'restaurant_name,city,zip_code,phone,instagram_handle,followers,posts,bio,website,status\r\n' +
        'COOPERTOWN,NEW YORK,10003,+1 212-677-2126,,,,,,NOT_FOUND\r\nLUKE S LOBSTER,NEW YORK,10003,+1 917-475-9191,@lukeslobster,123K,4316,Bio,site,FOUND\n',
    );
    await writeFile(
      join(input, 'instagram_results_2.csv'),
      'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website,status\r\n' +
        '"COOPERTOWN","Manhattan","+1 212-677-2126","","","","","","NOT_FOUND"\r\n"TARTINE","San Fran","","","17.7M","","","","FOUND"\n',
    );
    const { json } = await cli('ingest', input, '--json');
    expect(
      json.map((r: { file: string; rowsRead: number; landed: number; duplicates: number; rejected: number }) => [
        r.file,
        r.rowsRead,
        r.landed,
        r.duplicates,
        r.rejected,
      ]),
    ).toEqual([
      ['uploads/instagram_results_1.csv', 2, 2, 0, 0],
      ['uploads/instagram_results_2.csv', 2, 1, 1, 0],
      ['uploads/post_results_1.csv', 2, 2, 0, 0],
      ['uploads/post_results_2.csv', 5, 1, 3, 1],
    ]);
    expect(json[3]).toMatchObject({ observations: 1, rejectedByReason: { 'posted_date:not_a_date': 1 } });
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const got = (
      await c.runAndReadAll(`SELECT
        (SELECT list(post_id || ' ' || posted_date || ' ' || coalesce(likes::VARCHAR, 'NULL') ORDER BY post_id) FROM instagram_db.posts) AS posts,
        (SELECT list(post_id || ' ' || likes || ' ' || comments) FROM instagram_db.post_metrics) AS metrics,
        (SELECT list(restaurant_name || ' ' || city || ' ' || canonical_city ORDER BY restaurant_name) FROM instagram_db.restaurants) AS restaurants,
        (SELECT list(DISTINCT caption) FROM instagram_db.posts) AS captions`)
    ).getRowObjectsJS()[0];
    c.closeSync();
    db.closeSync();
    expect(got).toEqual({
      posts: ['A1 2025-11-24 5207', 'A2 2026-01-04 NULL', 'A3 2025-12-09 10'],
      metrics: ['A1 5300 12'],
      restaurants: [
        'COOPERTOWN NEW YORK New York',
        'LUKE S LOBSTER NEW YORK New York',
        'TARTINE San Fran San Francisco',
      ],
      captions: ['Caption\r\nwith a break'],
    });
    const again = await cli('ingest', input, '--json');
    expect(again.json.map((r: { status: string }) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('prints a shell-quoted replay command for a file rejected whole, whatever its name', async () => {
    const file = join(input, 'post_results_$(touch PWNED).csv');
    await writeFile(file, 'post_id,likes\np1,3\n');
    const { stdout } = await runInstalled(['ingest', file], { home, cwd: home });
    expect(stdout).toMatch(/fix it, then: instalake replay 'dlq\/post_results_\$\(touch PWNED\)\.\w{12}\.csv'\n/);
    expect(existsSync(join(home, 'PWNED'))).toBe(false);
  });

  async function creatorOf(postId: string) {
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(`SELECT creator FROM instagram_db.posts WHERE post_id = $1`, [postId])
    ).getRows();
    c.closeSync();
    db.closeSync();
    return rows[0]?.[0];
  }

  it('reports a missing path as a usage error with exit code 2', async () => {
    const { code, json } = await cli('ingest', join(home, 'nope.csv'), '--json');
    expect(code).toBe(2);
    expect(json).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('No such file or directory') } });
  });
});
