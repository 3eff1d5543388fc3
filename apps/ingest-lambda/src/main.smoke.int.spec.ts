import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { s3PutEvent } from './fixtures/event-builders';

const REPO = resolve(__dirname, '../../..');

/**
 * Packaging smoke test: bundle src/main.ts exactly as the deploy does (esbuild, node22, cjs, DuckDB
 * external), then let the BUNDLE handle a real S3 event in a plain Node process. Only @duckdb is made
 * resolvable next to the bundle, as the Lambda layer provides it; anything else missing from the bundle fails.
 */
describe('ingest Lambda bundle (esbuild) handles a real S3 event', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-ingest-bundle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('bundles src/main.ts and ingests an uploaded CSV through the bundled handler', async () => {
    const bundle = join(dir, 'dist', 'index.js');
    // esbuild's CLI (a native executable), not its JS API: the API's TextEncoder check fails inside jest's VM.
    execFileSync(
      join(REPO, 'node_modules/esbuild/bin/esbuild'),
      [
        join(REPO, 'apps/ingest-lambda/src/main.ts'),
        '--bundle',
        '--platform=node',
        '--target=node22',
        '--format=cjs',
        '--external:@duckdb/node-api',
        `--tsconfig=${join(REPO, 'apps/ingest-lambda/tsconfig.json')}`,
        `--outfile=${bundle}`,
        '--log-level=error',
      ],
      { cwd: REPO, stdio: 'pipe' },
    );
    // The Lambda layer's node_modules: DuckDB and its native binding only.
    await mkdir(join(dir, 'dist', 'node_modules', '@duckdb'), { recursive: true });
    for (const pkg of ['node-api', 'node-bindings', 'node-bindings-linux-x64']) {
      await symlink(join(REPO, 'node_modules/@duckdb', pkg), join(dir, 'dist', 'node_modules', '@duckdb', pkg));
    }

    const home = join(dir, 'home');
    const key = 'uploads/smoke test/post_results+1.csv';
    const path = join(home, 'buckets', 'instalake-raw', key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      'post_id,creator,posted_date,likes\np1,@joes_pizza,2024-05-01,1.2K\np2,@joes_pizza,2024-05-02,"1,234"\n',
    );
    const eventFile = join(dir, 'event.json');
    await writeFile(eventFile, JSON.stringify(s3PutEvent([{ bucket: 'instalake-raw', key }])));

    const script = `const { handler, dispose } = require(${JSON.stringify(bundle)});
      const event = JSON.parse(require('fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
      handler(event).then(async (r) => { await dispose(); process.stdout.write('RESULT ' + JSON.stringify(r) + '\\n'); },
        (e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        OBJECT_STORE: 'local',
        INSTALAKE_HOME: home,
        INSTALAKE_SCRATCH_DIR: join(dir, 'scratch'),
        LOG_LEVEL: 'WARN',
      },
      encoding: 'utf8',
    });
    const result = JSON.parse(
      out
        .split('\n')
        .find((l) => l.startsWith('RESULT '))!
        .slice('RESULT '.length),
    );
    expect(result).toMatchObject({
      source: 's3',
      files: [{ file: key, status: 'ingested', table: 'posts', rowsRead: 2, landed: 2 }],
    });

    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    try {
      const rows = (
        await c.runAndReadAll(`SELECT post_id, likes FROM instagram_db.posts ORDER BY post_id`)
      ).getRowObjectsJS();
      expect(rows).toEqual([
        { post_id: 'p1', likes: 1200 },
        { post_id: 'p2', likes: 1234 },
      ]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
    // The bundle carries its dependencies (inversify, powertools, class-validator) but not DuckDB.
    const code = await readFile(bundle, 'utf8');
    expect(code).toMatch(/require\("@duckdb\/node-api"\)/);
  });
});
