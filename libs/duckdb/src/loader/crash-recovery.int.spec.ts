import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { DuckDBInstance } from '@duckdb/node-api';

const ROOT = resolve(__dirname, '../../../..');

/**
 * Rows and their ingest log entry: a real child process is killed with SIGKILL at each step of a load, then the
 * same file is ingested again. Whatever the step, the lake ends with every row once and one completed log entry
 * with the exact counts (local catalog: one transaction; Iceberg-style table-by-table commits: a loading entry that
 * the re-run resumes from).
 */
describe('crash recovery (SIGKILL at each load step)', () => {
  let work: string;
  let child: string;
  let file: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'instalake-crash-'));
    child = join(work, 'crash-child.cjs');
    await build({
      entryPoints: [join(__dirname, 'fixtures', 'crash-child.ts')],
      outfile: child,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      tsconfig: join(ROOT, 'tsconfig.base.json'),
      external: ['@duckdb/node-api'],
      logLevel: 'error',
      nodePaths: [join(ROOT, 'node_modules')],
    });
    file = join(work, 'post_results.csv');
    // 200 posts, 10 repeated below with newer counts (duplicates and post_metrics observations), 1 bad row.
    const rows = Array.from({ length: 200 }, (_, i) => `p${i},@c${i % 7},2024-05-01,${i},1`);
    const rescrapes = Array.from({ length: 10 }, (_, i) => `p${i},@c${i % 7},2024-05-01,${i + 1000},2`);
    await writeFile(
      file,
      ['post_id,creator,posted_date,likes,comments', ...rows, ...rescrapes, 'px,@c,soon,1,1'].join('\n'),
    );
  }, 60_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  function runChild(
    lake: string,
    killAt: string,
    mode: string,
  ): Promise<{ stoppedAt?: string; result?: Record<string, unknown> }> {
    return new Promise((done, fail) => {
      const proc = spawn(process.execPath, [child, lake, file, killAt, mode], {
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let stoppedAt: string | undefined;
      proc.stdout.on('data', (chunk) => {
        out += chunk;
        const at = /AT (\S+)/.exec(out);
        if (at && !stoppedAt) {
          stoppedAt = at[1];
          proc.kill('SIGKILL');
        }
      });
      proc.stderr.on('data', (chunk) => (err += chunk));
      proc.on('error', fail);
      proc.on('exit', (code, signal) => {
        if (stoppedAt) return done({ stoppedAt });
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (code === 0 && line) return done({ result: JSON.parse(line.slice(7)) });
        fail(new Error(`child exited ${code ?? signal}: ${err}`));
      });
    });
  }

  async function lakeState(lake: string) {
    const db = await DuckDBInstance.create(join(lake, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const [state] = (
      await c.runAndReadAll(`SELECT
        (SELECT count(*) FROM instagram_db.posts)::INTEGER AS posts,
        (SELECT count(*) FROM instagram_db.post_metrics)::INTEGER AS metrics,
        (SELECT list({'status': status, 'landed': landed::INTEGER, 'duplicates': duplicates::INTEGER, 'rejected': rejected::INTEGER}
           ORDER BY finished_at, status) FROM instagram_db.ingest_log WHERE status IN ('ingested', 'rejected')) AS completed`)
    ).getRowObjectsJS();
    c.closeSync();
    db.closeSync();
    return state;
  }

  const exact = {
    posts: 200,
    metrics: 10,
    completed: [{ status: 'ingested', landed: 200, duplicates: 10, rejected: 1 }],
  };

  it.each([
    ['transaction', 'staged'],
    ['transaction', 'merged'],
    ['transaction', 'observed'],
    ['transaction', 'logged'],
    ['transaction', 'committed'],
    ['sequential', 'staged'],
    ['sequential', 'loading-logged'],
    ['sequential', 'merged'],
    ['sequential', 'observed'],
    ['sequential', 'logged'],
  ])(
    '%s commits, killed at %s: the re-run leaves exact rows and one exact log entry',
    async (mode, step) => {
      const lake = await mkdtemp(join(work, `${mode}-${step}-`));
      expect(await runChild(lake, step, mode)).toEqual({ stoppedAt: step });
      const rerun = await runChild(lake, 'none', mode);
      const committedBefore = mode === 'transaction' ? step === 'committed' : step === 'logged';
      expect(rerun.result).toMatchObject(
        committedBefore
          ? { status: 'skipped' }
          : { status: 'ingested', landed: 200, duplicates: 10, rejected: 1, observations: 10 },
      );
      expect(await lakeState(lake)).toEqual(exact);
    },
    60_000,
  );
});
