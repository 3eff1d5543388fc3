import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const BIN = resolve(__dirname, '../../bin/instalake.js');
const HEADER =
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url,status';
const row = (i: number) =>
  `p${i},pizza nyc,@joe,2024-05-01,${i},1,#pizza,Slice ${i},a slice,https://instagram.com/p/p${i},success`;

/** `instalake watch` (the installed command) while a writer fills a file in two bursts, pausing mid-record. */
describe('instalake watch and a file still being written', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-watch-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('ingests the file once, complete, after it settled: no truncated row, nothing dropped as a duplicate', async () => {
    const uploads = join(home, 'buckets', 'instalake-raw', 'uploads');
    await mkdir(uploads, { recursive: true });
    const watch = spawn(process.execPath, [BIN, 'watch', '--interval', '300', '--settle', '2000', '--json'], {
      env: { ...process.env, INSTALAKE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    watch.stdout.setEncoding('utf8');
    watch.stdout.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    const waitForLines = async (n: number) => {
      const deadline = Date.now() + 30_000;
      while (lines.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      // First a complete file, written long ago: once it is reported, watch is polling.
      const warmUp = join(uploads, 'post_results_before.csv');
      await writeFile(warmUp, `${HEADER}\n${row(0)}\n`);
      await utimes(warmUp, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      await waitForLines(1);
      const file = await open(join(uploads, 'post_results.csv'), 'w');
      const first = [HEADER, ...Array.from({ length: 1000 }, (_, i) => row(i + 1))].join('\n');
      const last = row(1001);
      await file.write(`${first}\n${last.slice(0, last.length - 4)}`);
      await file.sync();
      await new Promise((r) => setTimeout(r, 1200)); // a pause mid-record, several polls long
      await file.write(
        `${last.slice(last.length - 4)}\n${Array.from({ length: 499 }, (_, i) => row(i + 1002)).join('\n')}\n`,
      );
      await file.close();
      await waitForLines(2);
    } finally {
      watch.kill('SIGTERM');
      await new Promise((r) => watch.once('exit', r));
    }
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { file: 'uploads/post_results_before.csv', status: 'ingested', landed: 1 },
      {
        file: 'uploads/post_results.csv',
        status: 'ingested',
        rowsRead: 1500,
        landed: 1500,
        duplicates: 0,
        rejected: 0,
      },
    ]);
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const rows = (
      await c.runAndReadAll(
        "SELECT count(*) AS n, count(*) FILTER (WHERE status = 'success') AS complete FROM instagram_db.posts",
      )
    ).getRowObjectsJS();
    c.closeSync();
    db.closeSync();
    expect(rows).toEqual([{ n: 1501n, complete: 1501n }]);
  }, 60_000);
});
