import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardSql, QueryFailedError, QueryTimeoutError } from '@instalake/query-guard';
import { LocalCatalog } from '../../catalogs/local-catalog';
import { DuckDbQueryExecutor } from '../duckdb-query-executor';
import { DuckDbQuerySandbox } from '../duckdb-query-sandbox';
import { DuckDbSqlParser } from '../duckdb-sql-parser';
import { FIXTURE_POSTS_CSV, FIXTURE_RESTAURANTS_CSV } from '../query-fixture';
import { seedLocalLake } from '../seed-local-lake';
import { QueryWorkerPool } from './query-worker-pool';
import {
  IDLE_ADDRESS_SPACE_MB,
  QueryWorkerProcess,
  WorkerExitedError,
  WorkerTimeoutError,
} from './query-worker-process';

const FAKE = join(__dirname, 'fake-query-worker.fixture.cjs');
const fakeSpec = { config: {}, statements: [], connectionStatements: [], script: FAKE, killGraceMs: 100 };

/** The Max address space soft limit of a process, in bytes (Linux), or undefined. */
function addressSpaceLimit(pid: number): number | undefined {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max address space'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('query workers: the deadline and exits (protocol fake)', () => {
  it('answers a hung query with a timeout at the deadline, kills the worker and replaces it', async () => {
    const replaced: string[] = [];
    const pool = await QueryWorkerPool.open(fakeSpec, { onReplace: (r) => replaced.push(r) });
    try {
      const started = Date.now();
      await expect(pool.run({ sql: 'hang', timeoutMs: 200 })).rejects.toBeInstanceOf(WorkerTimeoutError);
      expect(Date.now() - started).toBeLessThan(1000);
      await expect(pool.run({ sql: 'SELECT 1', timeoutMs: 5000 })).resolves.toMatchObject({ rows: [[1]] });
      expect(replaced).toEqual(['a query worker exited']);
    } finally {
      pool.close();
    }
  });

  it('reports a worker that dies mid-query and serves the next query from a new one', async () => {
    const pool = await QueryWorkerPool.open(fakeSpec);
    try {
      await expect(pool.run({ sql: 'crash', timeoutMs: 5000 })).rejects.toBeInstanceOf(WorkerExitedError);
      await expect(pool.run({ sql: 'SELECT 1', timeoutMs: 5000 })).resolves.toMatchObject({ rows: [[1]] });
    } finally {
      pool.close();
    }
  });

  it('queues queries beyond the pool size instead of running two in one worker', async () => {
    const pool = await QueryWorkerPool.open(fakeSpec, { size: 2 });
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => pool.run({ sql: 'SELECT 1', timeoutMs: 5000 })),
      );
      expect(results.map((r) => r.rows)).toEqual(Array(6).fill([[1]]));
    } finally {
      pool.close();
    }
  });

  it('starts the worker under the address-space cap (RLIMIT_AS), and kills it with the pool', async () => {
    const worker = await QueryWorkerProcess.start({ ...fakeSpec, memoryCapMb: 300 });
    const pid = worker.pid!;
    if (process.platform === 'linux') expect(addressSpaceLimit(pid)).toBe((IDLE_ADDRESS_SPACE_MB + 300) * 1024 * 1024);
    worker.kill();
    await new Promise<void>((resolve) => worker.onExited(resolve));
    expect(processExists(pid)).toBe(false);
  });

  it('fails to start with the reason when the worker cannot set up', async () => {
    await expect(
      QueryWorkerProcess.start({
        config: {},
        statements: ["ATTACH '/nonexistent/dir/x.duckdb' AS lake (READ_ONLY)"],
        connectionStatements: [],
      }),
    ).rejects.toThrow(/nonexistent/);
  });
});

describe('query workers on real DuckDB: limits the operating system enforces', () => {
  let dir: string;
  let sandbox: DuckDbQuerySandbox;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-worker-'));
    const file = join(dir, 'lake.duckdb');
    await seedLocalLake(file, {
      'post_results.csv': FIXTURE_POSTS_CSV,
      'instagram_results.csv': FIXTURE_RESTAURANTS_CSV,
    });
    sandbox = await DuckDbQuerySandbox.open({
      catalog: new LocalCatalog(file),
      threads: 1,
      memoryLimit: '256MB',
      memoryCapMb: 256,
    });
  });
  afterAll(async () => {
    sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  // The string bombs of the red-team run, sent without the guard: the worker's memory cap or its deadline stops
  // them, this process never holds their memory, and the sandbox answers the next query.
  it.each([
    ['lpad to 2 GB', "SELECT length(lpad('x', 2000000000, 'y')) AS n"],
    ['unnest of a 300 MB split', "SELECT count(*) FROM (SELECT unnest(string_split(rpad('', 300000000, ','), ',')))"],
    [
      'list comprehension over a split',
      "SELECT length([x || 'a' FOR x IN string_split(lpad('', 300000000, ','), ',')]) AS n",
    ],
    ['printf to 900 MB', "SELECT length(printf('%0900000000d', 1)) AS n"],
  ])(
    '%s is stopped inside its worker',
    async (_name, sql) => {
      const executor = new DuckDbQueryExecutor(sandbox);
      const before = process.memoryUsage().rss;
      const started = Date.now();
      const error = await executor.execute(sql, { timeoutMs: 3000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error instanceof QueryFailedError) expect(error.message).toMatch(/memory/i);
      else expect(error).toBeInstanceOf(QueryTimeoutError);
      expect(Date.now() - started).toBeLessThan(4500);
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
      await expect(executor.execute('SELECT count(*) AS n FROM posts', { timeoutMs: 5000 })).resolves.toMatchObject({
        rows: [[8n]],
      });
    },
    15_000,
  );

  it('refuses an allocation beyond the cap at once (printf to 900 MB)', async () => {
    const error = await new DuckDbQueryExecutor(sandbox)
      .execute("SELECT length(printf('%0900000000d', 1)) AS n", { timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as Error).message).toMatch(/more memory than the query sandbox allows/);
  });

  it('idles below the address space the cap allows for it (IDLE_ADDRESS_SPACE_MB)', async () => {
    const worker = await QueryWorkerProcess.start({
      config: { threads: '2', memory_limit: '256MB' },
      statements: ['SELECT 1'],
      connectionStatements: [],
      memoryCapMb: 256,
    });
    try {
      if (process.platform === 'linux') {
        expect(worker.idleVmSizeKb).toBeGreaterThan(0);
        expect(worker.idleVmSizeKb!).toBeLessThan(IDLE_ADDRESS_SPACE_MB * 1024);
      }
      await expect(worker.run({ sql: 'SELECT 42 AS n', timeoutMs: 5000 })).resolves.toMatchObject({ rows: [[42]] });
    } finally {
      worker.kill();
    }
  });

  it('interrupts a long query at the deadline and keeps serving', async () => {
    const executor = new DuckDbQueryExecutor(sandbox);
    const sql = `SELECT count(*) FROM posts a, posts b, posts c, posts d, posts e, posts f, posts g, posts h, posts i
                 WHERE a.caption || b.caption || c.caption || d.caption || e.caption || f.caption || g.caption || h.caption <> i.caption`;
    await expect(executor.execute(sql, { timeoutMs: 300 })).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(executor.execute('SELECT 1 AS n', { timeoutMs: 5000 })).resolves.toMatchObject({ rows: [[1]] });
  });

  it('caps the bytes of an answer, not only its rows: one huge cell is cut and the result says so', async () => {
    const guard = new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox), {
      maxResultBytes: 4096,
    });
    const result = await guard.execute(
      "SELECT string_agg(caption || ' ' || lpad('', 1000, 'x'), ' | ') AS everything FROM posts",
    );
    expect(new TextEncoder().encode(JSON.stringify(result.data)).length).toBeLessThanOrEqual(4096);
    expect(result).toMatchObject({ truncated: true, row_count: 1 });
    expect(String(result.data[0][0])).toMatch(/…$/);
    expect(result.note).toMatch(/under 4 KB/);
    const many = await guard.execute("SELECT post_id, caption || lpad('', 900, 'x') AS c FROM posts ORDER BY post_id");
    expect(many.row_count).toBeLessThan(8);
    expect(many).toMatchObject({ truncated: true });
  });
});
