import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLocalLake } from '@instalake/duckdb';
import { addDuckDbLayer, bundleLambda, invokeBundle } from '@instalake/lambda-bundle';
import type { BedrockAgentResponse } from '@instalake/transport';
import { postEvent, postsCsv, RESTAURANTS_CSV } from './fixtures/bedrock-events';

/**
 * Packaging smoke test: bundle src/main.ts with the CDK app's own esbuild options, then let the BUNDLE handle
 * real-shaped action-group events in a plain Node process against a temp local lake (DuckDB as the layer gives it).
 */
describe('tool Lambda bundle (as deployed) handles Bedrock action-group events', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-tool-bundle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers /query_posts and /get_trends through the bundled handler', async () => {
    const bundle = bundleLambda('tool', join(dir, 'dist'));
    addDuckDbLayer(join(dir, 'dist'));
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
    const results = await invokeBundle(bundle, events, {
      env: { INSTALAKE_HOME: home, INSTALAKE_SCRATCH_DIR: join(dir, 'scratch'), LOG_LEVEL: 'WARN' },
    });
    const [query, trends, unknown] = results.map((r) => {
      if (!r.ok) throw new Error(`the handler threw: ${r.error.message}`);
      return (r.value as BedrockAgentResponse).response;
    });
    const body = (r: typeof query) => JSON.parse(r.responseBody['application/json'].body);
    expect(query).toMatchObject({ apiPath: '/query_posts', httpStatusCode: 200 });
    expect(body(query)).toMatchObject({ data: [[41, '555****67']], row_count: 1 });
    expect(body(trends)).toMatchObject({ city: 'New York', dataPoints: 40 });
    expect(unknown.httpStatusCode).toBe(404);
    // DuckDB is left to the layer; the source map ships beside the minified bundle, as deployed.
    const code = await readFile(bundle, 'utf8');
    expect(code).toMatch(/require\("@duckdb\/node-api"\)/);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
  });
});
