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
      deadLetterKey: 'dlq/post_results_a.csv.rejects.csv',
    });
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
      deadLetterKey: 'dlq/post_results_broken.csv',
    });
    const bucket = join(home, 'buckets', 'instalake-raw');
    expect(existsSync(join(bucket, 'dlq/post_results_broken.csv.error.json'))).toBe(true);
    const rejects = await readFile(join(bucket, 'dlq/post_results_a.csv.rejects.csv'), 'utf8');
    expect(rejects).toBe(
      'line,reason,post_id,creator,posted_date,likes,raw_record\n4,"likes ""bad"" is not a count (use digits, 1,234, 12 345, 1.2K or 15.3M)",p2,@b,2024-05-02,bad,\n',
    );
    const before = await tableCounts();
    expect(before).toEqual({ posts: 2, restaurants: 1, ids: 'p1:1234,p3:NULL' });

    const second = await cli('ingest', input, '--json');
    expect(second.json.map((r: { status: string }) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await tableCounts()).toEqual(before);

    // Fix the rejected row in the dead-letter file and replay it.
    await writeFile(join(bucket, 'dlq/post_results_a.csv.rejects.csv'), rejects.replace(',bad,', ',15,'));
    const replay = await cli('replay', 'dlq/post_results_a.csv.rejects.csv', '--json');
    expect(replay.code).toBe(0);
    expect(replay.json[0]).toMatchObject({ table: 'posts', status: 'ingested', rowsRead: 1, landed: 1, rejected: 0 });
    expect((await tableCounts()).ids).toBe('p1:1234,p2:15,p3:NULL');
  });

  it('reports a missing path as a usage error with exit code 2', async () => {
    const { code, json } = await cli('ingest', join(home, 'nope.csv'), '--json');
    expect(code).toBe(2);
    expect(json).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('No such file or directory') } });
  });
});
