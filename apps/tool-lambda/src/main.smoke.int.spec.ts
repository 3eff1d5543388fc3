import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedLocalLake } from '@instalake/duckdb';
import { postEvent, postsCsv, RESTAURANTS_CSV } from './fixtures/bedrock-events';

const REPO = resolve(__dirname, '../../..');

/**
 * Packaging smoke test: bundle src/main.ts as the deploy does (esbuild, node22, cjs, DuckDB external), then let
 * the BUNDLE handle real-shaped action-group events in a plain Node process against a temp local lake.
 */
describe('tool Lambda bundle (esbuild) handles Bedrock action-group events', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-tool-bundle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('bundles src/main.ts and answers /query_posts and /get_trends through the bundled handler', async () => {
    const bundle = join(dir, 'dist', 'index.js');
    // esbuild's CLI binary, same options as esbuild.build({bundle, platform:'node', target:'node22', format:'cjs', external}):
    // the JS API's TextEncoder invariant check fails inside jest's VM.
    execFileSync(
      join(REPO, 'node_modules/esbuild/bin/esbuild'),
      [
        join(REPO, 'apps/tool-lambda/src/main.ts'),
        '--bundle',
        '--platform=node',
        '--target=node22',
        '--format=cjs',
        '--external:@duckdb/node-api',
        `--tsconfig=${join(REPO, 'apps/tool-lambda/tsconfig.json')}`,
        `--outfile=${bundle}`,
        '--log-level=error',
      ],
      { cwd: REPO, stdio: 'pipe' },
    );
    await mkdir(join(dir, 'dist', 'node_modules', '@duckdb'), { recursive: true });
    for (const pkg of ['node-api', 'node-bindings', 'node-bindings-linux-x64']) {
      await symlink(join(REPO, 'node_modules/@duckdb', pkg), join(dir, 'dist', 'node_modules', '@duckdb', pkg));
    }
    const home = join(dir, 'home');
    const today = new Date().toISOString().slice(0, 10);
    await seedLocalLake(join(home, 'lake.duckdb'), {
      'post_results.csv': postsCsv(today),
      'instagram_results.csv': RESTAURANTS_CSV,
    });
    const events = [
      postEvent('/query_posts', {
        sql: "SELECT count(*) AS n, max(phone) AS phone FROM posts p JOIN restaurants r ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@'))",
      }),
      postEvent('/get_trends', { city: 'New York City', days: '7' }),
      postEvent('/nope', {}),
    ];
    const eventsFile = join(dir, 'events.json');
    await writeFile(eventsFile, JSON.stringify(events));

    const script = `const { handler, dispose } = require(${JSON.stringify(bundle)});
      const events = JSON.parse(require('fs').readFileSync(${JSON.stringify(eventsFile)}, 'utf8'));
      (async () => { const out = []; for (const e of events) out.push(await handler(e)); await dispose();
        process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n'); })().catch((e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        INSTALAKE_HOME: home,
        INSTALAKE_SCRATCH_DIR: join(dir, 'scratch'),
        LOG_LEVEL: 'WARN',
      },
      encoding: 'utf8',
    });
    const [query, trends, unknown] = JSON.parse(
      out
        .split('\n')
        .find((l) => l.startsWith('RESULT '))!
        .slice('RESULT '.length),
    );
    expect(query.response).toMatchObject({ apiPath: '/query_posts', httpStatusCode: 200 });
    expect(JSON.parse(query.response.responseBody['application/json'].body)).toMatchObject({
      data: [[41, '555****67']],
      row_count: 1,
    });
    expect(JSON.parse(trends.response.responseBody['application/json'].body)).toMatchObject({
      city: 'New York',
      dataPoints: 40,
    });
    expect(unknown.response.httpStatusCode).toBe(404);
    const code = await readFile(bundle, 'utf8');
    expect(code).toMatch(/require\("@duckdb\/node-api"\)/);
  });
});
