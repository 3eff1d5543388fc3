import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { PostsTable, RestaurantsTable } from '@instalake/lake-schema';
import { LocalCatalog } from '../catalogs/local-catalog';
import { clusterColumns, DuckDbQuerySandbox, QuerySandbox, removeAbandonedSnapshots } from './duckdb-query-sandbox';
import { FIXTURE_POSTS_CSV, FIXTURE_RAW_PHONE_DIGITS, FIXTURE_RESTAURANTS_CSV } from './query-fixture';
import { RefreshingQuerySandbox } from './refreshing-query-sandbox';
import { seedLocalLake } from './seed-local-lake';

const rows = async (sandbox: QuerySandbox, sql: string) => {
  const result = await sandbox.query({ sql, timeoutMs: 10_000 });
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((c, i) => [c.name, typeof row[i] === 'bigint' ? String(row[i]) : row[i]])),
  ) as Record<string, unknown>[];
};
const EVERYTHING = [
  'SELECT * FROM posts ORDER BY post_id',
  'SELECT * FROM restaurants ORDER BY restaurant_name',
  `SELECT city, count(*) AS n, sum(p.likes) AS likes FROM posts p JOIN restaurants r ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@')) GROUP BY 1 ORDER BY 1`,
];

describe('query sandbox snapshots (real DuckDB, real lake file)', () => {
  let dir: string;
  let lakeFile: string;
  let snapshots: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-snapshot-spec-'));
    lakeFile = join(dir, 'lake.duckdb');
    snapshots = join(dir, 'snapshots'); // created by the sandbox on first open
    await seedLocalLake(lakeFile, {
      'post_results.csv': FIXTURE_POSTS_CSV,
      'instagram_results.csv': FIXTURE_RESTAURANTS_CSV,
    });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('clusters each table by the columns behind its partition transforms', () => {
    expect(clusterColumns(PostsTable)).toEqual(['posted_date']);
    expect(clusterColumns(RestaurantsTable)).toEqual(['city']);
  });

  it('answers exactly like the live masked views, holds no raw phone number, and deletes its file on close', async () => {
    const live = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(lakeFile), threads: 1 });
    const snapshot = await DuckDbQuerySandbox.open({
      catalog: new LocalCatalog(lakeFile),
      threads: 1,
      snapshotDirectory: snapshots,
    });
    try {
      for (const sql of EVERYTHING) expect(await rows(snapshot, sql)).toEqual(await rows(live, sql));
      expect((await rows(snapshot, 'SELECT phone FROM restaurants ORDER BY phone')).map((r) => r.phone)).toEqual([
        '+1 ****23',
        '312****47',
        '555****67',
      ]);
      // The raw lake is detached, not just hidden: nothing in the instance can reach it.
      await expect(rows(snapshot, 'SELECT * FROM il_source.instagram_db.restaurants')).rejects.toThrow(/il_source/);
      const [file] = await readdir(snapshots);
      expect(file).toMatch(/^instalake-snapshot-.*\.duckdb$/);
      // Read the snapshot file with another instance: only masked values were ever written to it.
      const reader = await DuckDBInstance.create(':memory:');
      const c = await reader.connect();
      await c.run(`ATTACH '${join(snapshots, file)}' AS s (READ_ONLY)`);
      const dump = JSON.stringify([
        (await c.runAndReadAll('SELECT * FROM s.instagram_db.restaurants')).getRowObjectsJson(),
        (await c.runAndReadAll('SELECT * FROM s.instagram_db.posts')).getRowObjectsJson(),
      ]).replace(/\D/g, '');
      expect(FIXTURE_RAW_PHONE_DIGITS.filter((raw) => dump.includes(raw))).toEqual([]);
      const dates = (await c.runAndReadAll('SELECT CAST(posted_date AS VARCHAR) AS d FROM s.instagram_db.posts'))
        .getRowObjectsJson()
        .map((r) => r.d);
      expect(dates).toEqual([...dates].sort());
      c.closeSync();
      reader.closeSync();
    } finally {
      live.close();
      snapshot.close();
    }
    expect(await readdir(snapshots)).toEqual([]);
  });

  it('removes snapshot files left by processes that no longer exist, never those of a live process', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(snapshots);
    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    await writeFile(join(snapshots, `instalake-snapshot-${deadPid}-abc.duckdb`), 'x');
    await writeFile(join(snapshots, `instalake-snapshot-${deadPid}-abc.duckdb.wal`), 'x');
    await writeFile(join(snapshots, `instalake-snapshot-${process.pid}-live.duckdb`), 'x');
    await writeFile(join(snapshots, 'notes.txt'), 'x');
    const sandbox = await DuckDbQuerySandbox.open({
      catalog: new LocalCatalog(lakeFile),
      threads: 1,
      snapshotDirectory: snapshots,
    });
    sandbox.close();
    expect((await readdir(snapshots)).sort()).toEqual([`instalake-snapshot-${process.pid}-live.duckdb`, 'notes.txt']);
    expect(removeAbandonedSnapshots(join(dir, 'missing'))).toEqual([]);
  });

  it('refreshes when the lake changes, keeps serving the old snapshot while a writer holds the lake, and lets ingestion run meanwhile', async () => {
    let now = 0;
    const errors: unknown[] = [];
    const sandbox = await RefreshingQuerySandbox.open({
      catalog: new LocalCatalog(lakeFile),
      threads: 1,
      snapshotDirectory: snapshots,
      checkIntervalMs: 1000,
      now: () => now,
      onRefreshError: (e) => errors.push(e),
    });
    const count = async () => Number((await rows(sandbox, 'SELECT count(*) AS n FROM posts'))[0].n);
    try {
      expect(await count()).toBe(8);
      expect(await sandbox.refresh()).toBe(false);
      // An ingest process opens the lake while the sandbox serves (the snapshot holds no lock on it) and adds a post.
      const writer = await lakeWriterProcess(
        lakeFile,
        `INSERT INTO lake.instagram_db.posts (post_id, creator, posted_date, likes) VALUES ('p9', '@joes_pizza', DATE '2024-05-09', 5)`,
      );
      expect(await sandbox.refresh()).toBe(false); // the writer still holds the lake: keep the old snapshot
      expect(String(errors[0])).toMatch(/lock/i);
      expect(await count()).toBe(8);
      await writer.close();
      // Requests trigger the refresh themselves once the check interval has passed; the swap follows in the background.
      now += 1000;
      expect(await count()).toBe(8);
      for (let i = 0; i < 250 && sandbox.generation === 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await count()).toBe(9);
      expect(sandbox.generation).toBe(2);
      expect(await readdir(snapshots)).toHaveLength(1);
      // Result caches only read the generation before answering from memory: that read alone starts the check.
      await (await lakeWriterProcess(lakeFile, `DELETE FROM lake.instagram_db.posts WHERE post_id = 'p9'`)).close();
      now += 1000;
      for (let i = 0; i < 250 && sandbox.generation === 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(sandbox.generation).toBe(3);
      expect(await count()).toBe(8);
    } finally {
      sandbox.close();
    }
    expect(await readdir(snapshots)).toEqual([]);
  });
});

/**
 * Another process holding the lake open for writing, as `instalake ingest` does (DuckDB's file lock is per
 * process, so it cannot be simulated inside this one). Runs `sql`, then keeps the lake open until close().
 */
async function lakeWriterProcess(lakeFile: string, sql: string): Promise<{ close(): Promise<void> }> {
  const script = `
    const { DuckDBInstance } = require('@duckdb/node-api');
    (async () => {
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      await c.run(${JSON.stringify(`ATTACH '${lakeFile}' AS lake`)});
      await c.run(${JSON.stringify(sql)});
      process.stdout.write('ready\\n');
      process.stdin.on('end', () => { c.closeSync(); db.closeSync(); process.exit(0); });
      process.stdin.resume();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: __dirname, stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`lake writer exited with ${code}`)));
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
