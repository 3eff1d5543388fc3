import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { addDuckDbLayer, bundleLambda, invokeBundle } from '@instalake/lambda-bundle';
import createEvent from './fixtures/cfn-lake-tables-create.json';
import { s3PutEvent, sqsEvent } from './fixtures/event-builders';

/**
 * Packaging smoke tests: bundle the ingest handler and the lake-tables handler with the CDK app's own esbuild
 * options, then let each BUNDLE handle a real event in a plain Node process. Only DuckDB is made resolvable next to
 * the bundle, as the Lambda layer provides it; anything else missing from the bundle fails.
 */
describe('ingest Lambda bundles (as deployed)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-ingest-bundle-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function lakeRows(home: string, sql: string) {
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      c.closeSync();
      db.closeSync();
    }
  }

  it('the ingest bundle lands an S3 upload, and reports an SQS partial failure through the batch utility', async () => {
    const bundle = bundleLambda('ingest', join(dir, 'ingest'));
    addDuckDbLayer(join(dir, 'ingest'));
    const home = join(dir, 'home');
    const key = 'uploads/smoke test/post_results+1.csv';
    const path = join(home, 'buckets', 'instalake-raw', key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      'post_id,creator,posted_date,likes\np1,@joes_pizza,2024-05-01,1.2K\np2,@joes_pizza,2024-05-02,"1,234"\n',
    );
    const [direct, batch] = await invokeBundle(
      bundle,
      [
        s3PutEvent([{ bucket: 'instalake-raw', key }]),
        sqsEvent([{ messageId: 'gone', objects: [{ bucket: 'instalake-raw', key: 'uploads/post_results gone.csv' }] }]),
      ],
      {
        env: {
          OBJECT_STORE: 'local',
          INSTALAKE_HOME: home,
          INSTALAKE_SCRATCH_DIR: join(dir, 'scratch'),
          LOG_LEVEL: 'SILENT',
        },
      },
    );
    expect(direct).toMatchObject({
      ok: true,
      value: { source: 's3', files: [{ file: key, status: 'ingested', table: 'posts', rowsRead: 2, landed: 2 }] },
    });
    expect(batch).toEqual({ ok: true, value: { batchItemFailures: [{ itemIdentifier: 'gone' }] } });
    expect(await lakeRows(home, `SELECT post_id, likes FROM instagram_db.posts ORDER BY post_id`)).toEqual([
      { post_id: 'p1', likes: 1200 },
      { post_id: 'p2', likes: 1234 },
    ]);
    // The bundle carries its dependencies (Powertools, class-validator) but not DuckDB.
    expect(await readFile(bundle, 'utf8')).toMatch(/require\("@duckdb\/node-api"\)/);
  });

  it('the lake-tables bundle answers the CloudFormation Create with the tables it created', async () => {
    const bundle = bundleLambda('lakeTables', join(dir, 'lake-tables'));
    addDuckDbLayer(join(dir, 'lake-tables'));
    const home = join(dir, 'tables-home');
    await mkdir(home);
    const [created] = await invokeBundle(bundle, [createEvent], {
      env: {
        LAKE_CATALOG: 'local',
        INSTALAKE_HOME: home,
        INSTALAKE_SCRATCH_DIR: join(dir, 'scratch'),
        LOG_LEVEL: 'SILENT',
      },
    });
    expect(created).toEqual({
      ok: true,
      value: {
        PhysicalResourceId: 'instalake-lake-tables',
        Data: { Catalog: 'local', Tables: 'ingest_log,post_metrics,posts,restaurants' },
      },
    });
    expect(existsSync(join(home, 'lake.duckdb'))).toBe(true);
    // Its own entry point: the upload handler is not in it.
    expect(await readFile(bundle, 'utf8')).not.toContain('s3:TestEvent acknowledged');
  });
});
