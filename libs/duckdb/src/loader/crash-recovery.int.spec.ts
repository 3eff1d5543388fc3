import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { DuckDBInstance } from '@duckdb/node-api';
import { catalogFromConfig } from '../catalogs/iceberg-catalog-config';
import { lakeCatalogConfigFrom, lakeCatalogEnv, LakeCatalogSettings } from '../catalogs/lake-catalog-settings';
import { DuckDbLakeEngine } from '../lake-engine';
import { describeWithIcebergEnv, startIcebergEnv, type RunningIcebergEnv } from '../testing';

const ROOT = resolve(__dirname, '../../../..');

/** 200 posts, 10 repeated below with newer counts (duplicates and post_metrics observations), 1 bad row. */
function crashFile(prefix: string): string {
  const rows = Array.from({ length: 200 }, (_, i) => `${prefix}${i},@c${i % 7},2024-05-01,${i},1`);
  const rescrapes = Array.from({ length: 10 }, (_, i) => `${prefix}${i},@c${i % 7},2024-05-01,${i + 1000},2`);
  return ['post_id,creator,posted_date,likes,comments', ...rows, ...rescrapes, `${prefix}x,@c,soon,1,1`].join('\n');
}

const EXACT = {
  posts: 200,
  metrics: 10,
  completed: [{ status: 'ingested', landed: 200, duplicates: 10, rejected: 1 }],
};

/** The rows of one case (its post ids) and the completed log entries of its upload key. */
const stateSql = (prefix: string, key: string, schema: string) => `SELECT
  (SELECT count(*) FROM ${schema}.posts WHERE starts_with(post_id, '${prefix}'))::INTEGER AS posts,
  (SELECT count(*) FROM ${schema}.post_metrics WHERE starts_with(post_id, '${prefix}'))::INTEGER AS metrics,
  (SELECT list({'status': status, 'landed': landed::INTEGER, 'duplicates': duplicates::INTEGER, 'rejected': rejected::INTEGER}
     ORDER BY finished_at, status) FROM ${schema}.ingest_log
   WHERE key = '${key}' AND status IN ('ingested', 'rejected')) AS completed`;

/**
 * Rows and their ingest log entry: a real child process is killed with SIGKILL at each step of a load, then the
 * same file is ingested again. Whatever the step, the lake ends with every row once and one completed log entry
 * with the exact counts (local catalog: one transaction; Iceberg's table-by-table commits: a loading entry that
 * the re-run resumes from).
 */
describe('crash recovery (SIGKILL at each load step)', () => {
  let work: string;
  let child: string;

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
  }, 60_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  interface Case {
    readonly lake: string;
    readonly file: string;
    readonly key: string;
    readonly prefix: string;
  }

  async function newCase(name: string): Promise<Case> {
    const lake = await mkdtemp(join(work, `${name}-`));
    const prefix = `${name.replace(/\W/g, '')}_`;
    const file = join(lake, 'post_results.csv');
    await writeFile(file, crashFile(prefix));
    return { lake, file, prefix, key: `uploads/${name}/post_results.csv` };
  }

  function runChild(
    at: Case,
    killAt: string,
    mode: string,
    env: Record<string, string> = {},
  ): Promise<{ stoppedAt?: string; result?: Record<string, unknown> }> {
    return new Promise((done, fail) => {
      const proc = spawn(process.execPath, [child, at.lake, at.file, killAt, mode, at.key], {
        env: { ...process.env, ...env, NODE_PATH: join(ROOT, 'node_modules') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let stoppedAt: string | undefined;
      proc.stdout.on('data', (chunk) => {
        out += chunk;
        const step = /AT (\S+)/.exec(out);
        if (step && !stoppedAt) {
          stoppedAt = step[1];
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

  /** Kill at the step, re-run, and check the re-run's result and the lake. */
  async function killAndRerun(
    at: Case,
    step: string,
    mode: string,
    committedBefore: boolean,
    env: Record<string, string> = {},
  ): Promise<void> {
    expect(await runChild(at, step, mode, env)).toEqual({ stoppedAt: step });
    const rerun = await runChild(at, 'none', mode, env);
    expect(rerun.result).toMatchObject(
      committedBefore
        ? { status: 'skipped' }
        : { status: 'ingested', landed: 200, duplicates: 10, rejected: 1, observations: 10 },
    );
  }

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
      const at = await newCase(`${mode}-${step}`);
      await killAndRerun(at, step, mode, mode === 'transaction' ? step === 'committed' : step === 'logged');
      const db = await DuckDBInstance.create(join(at.lake, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
      const c = await db.connect();
      const [state] = (await c.runAndReadAll(stateSql(at.prefix, at.key, 'instagram_db'))).getRowObjectsJS();
      c.closeSync();
      db.closeSync();
      expect(state).toEqual(EXACT);
    },
    60_000,
  );

  describeWithIcebergEnv('on a real Iceberg REST catalog and S3 (moto): each table commits on its own', () => {
    let env: RunningIcebergEnv;
    let reader: DuckDbLakeEngine;

    beforeAll(async () => {
      env = await startIcebergEnv();
      // Creates the tables once, so the children only attach.
      reader = await DuckDbLakeEngine.open({
        catalog: catalogFromConfig(
          lakeCatalogConfigFrom(Object.assign(new LakeCatalogSettings(), lakeCatalogEnv(env.lambdaEnv()))),
        ),
        extensionDirectory: env.extensionDirectory,
      });
    }, 120_000);
    afterAll(async () => {
      reader?.close();
      await env?.stop();
    });

    it.each(['staged', 'loading-logged', 'merged', 'observed', 'logged'])(
      'killed at %s: the re-run leaves exact rows and one exact log entry',
      async (step) => {
        const at = await newCase(`iceberg-${step}`);
        await killAndRerun(at, step, 'iceberg', step === 'logged', env.lambdaEnv());
        const state = await reader.withConnection(
          async (c) => (await c.runAndReadAll(stateSql(at.prefix, at.key, 'lake.instagram_db'))).getRowObjectsJS()[0],
        );
        expect(state).toEqual(EXACT);
      },
      120_000,
    );
  });
});
