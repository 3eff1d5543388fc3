import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSync } from 'class-validator';
import { LAKE_TABLES, type TableSpec } from '@instalake/lake-schema';
import {
  commitsTable,
  describeWithIcebergEnv,
  glueShaped,
  startRecordingProxy,
  startIcebergEnv,
  verifySigV4,
  type RecordingProxy,
  type RunningIcebergEnv,
} from '../testing';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from '../loader/duckdb-lake-loader';
import { loadLocalCsv } from '../loader/load-local-csv';
import { DuckDbQuerySandbox } from '../query/duckdb-query-sandbox';
import { catalogFromConfig } from './iceberg-catalog-config';
import { IcebergGlueCatalog } from './iceberg-glue-catalog';
import { lakeCatalogConfigFrom, lakeCatalogEnv, LakeCatalogSettings } from './lake-catalog-settings';
import type { LakeCatalog } from './lake-catalog';
import { INGEST_LOG_TABLE } from './table-ddl';

const POSTS = [
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
  'p1,pizza nyc,@joes_pizza,2024-05-01,1.2K,10,#pizza,"Call 555-123-4567, ""best"" slice 🍕",a slice,https://www.instagram.com/p/p1/',
  'p2,pizza nyc,@joes_pizza,2024-06-02,"1,234",5,#pizza #nyc,Slice,,https://www.instagram.com/p/p2/',
  'p2,pizza nyc,@joes_pizza,2024-06-02,9,9,#dup,dup in file,,',
  'p3,dumplings sf,@goldengate,2024-06-03,-1,2,#dumplings,Steamed,,',
].join('\n');
const RESTAURANTS = [
  'restaurant_name,city,phone,instagram_handle,followers,posts,bio',
  "Joe's Pizza,New York,+1 212-555-0199,joes_pizza,12.5K,340,Call (212) 555-0199",
  'Golden Gate Dumplings,San Francisco,,goldengate,1K,20,Dumplings',
].join('\n');

/** The catalog an app builds from its environment, through the same settings class the Lambdas extend. */
function catalogFromEnvironment(vars: Record<string, string>, readOnly = false): LakeCatalog {
  const settings = Object.assign(new LakeCatalogSettings(), lakeCatalogEnv(vars));
  expect(validateSync(settings).flatMap((e) => Object.values(e.constraints ?? {}))).toEqual([]);
  return catalogFromConfig(lakeCatalogConfigFrom(settings, { readOnly }));
}

/** `month(posted_date)` -> { transform: 'month', source: 'posted_date' }; `city` -> identity. */
function expectedSpec(table: TableSpec) {
  return table.partitioning.map((p) => {
    const call = /^(\w+)\((\w+)\)$/.exec(p);
    return call ? { transform: call[1], source: call[2] } : { transform: 'identity', source: p };
  });
}

async function tableMetadata(engine: DuckDbLakeEngine, table: string) {
  return engine.withConnection(async (c) => {
    const row = (
      await c.runAndReadAll(`SELECT metadata FROM iceberg_load_table_response('lake.instagram_db.${table}')`)
    ).getRowObjectsJS()[0];
    // A VARIANT: node-api reads it as a plain object.
    return row.metadata as unknown as {
      location: string;
      'partition-specs': { fields: { transform: string; 'source-id': number }[] }[];
      schemas: { fields: { id: number; name: string }[] }[];
    };
  });
}

function partitionOf(metadata: Awaited<ReturnType<typeof tableMetadata>>) {
  const names = new Map(metadata.schemas.at(-1)!.fields.map((f) => [f.id, f.name]));
  return metadata['partition-specs'].at(-1)!.fields.map((f) => ({
    transform: f.transform,
    source: names.get(f['source-id']),
  }));
}

describeWithIcebergEnv('Iceberg catalogs on a real REST catalog and S3 (moto), real DuckDB extensions', () => {
  let env: RunningIcebergEnv;
  let scratch: string;
  let engine: DuckDbLakeEngine;
  let twin: DuckDbLakeEngine;

  beforeAll(async () => {
    env = await startIcebergEnv();
    scratch = await mkdtemp(join(tmpdir(), 'instalake-iceberg-'));
    // Two cold starts at once on an empty catalog: both run the DDL, one of them finds its creates beaten.
    [engine, twin] = await Promise.all(
      [1, 2].map(() =>
        DuckDbLakeEngine.open({
          catalog: catalogFromEnvironment(env.lambdaEnv()),
          extensionDirectory: env.extensionDirectory,
          threads: 2,
          memoryLimit: '512MB',
        }),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    engine?.close();
    twin?.close();
    await env?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function load(target: DuckDbLakeEngine, name: string, content: string) {
    const path = join(scratch, name);
    await writeFile(path, content);
    return loadLocalCsv(new DuckDbLakeLoader(target, join(scratch, 'rejects')), {
      path,
      loadedAt: new Date('2026-01-02T03:04:05Z'),
    });
  }

  it('creates the namespace and every lake-schema table with its columns and partition spec', async () => {
    const describeTable = (name: string) =>
      engine.withConnection(async (c) =>
        (await c.runAndReadAll(`DESCRIBE lake.instagram_db.${name}`))
          .getRowObjectsJS()
          .map((r) => [r.column_name, r.column_type]),
      );
    for (const table of LAKE_TABLES) {
      expect(await describeTable(table.name)).toEqual(table.columns.map((c) => [c.name, c.sqlType]));
      const metadata = await tableMetadata(engine, table.name);
      expect(partitionOf(metadata)).toEqual(expectedSpec(table));
      expect(metadata.location).toBe(`${env.warehouse}instagram_db/${table.name}`);
    }
    expect((await describeTable(INGEST_LOG_TABLE)).map(([name]) => name)).toContain('etag');
  });

  it('MERGEs CSV files, de-duplicating inside the file and against the table; another engine reads the commit', async () => {
    expect(await load(engine, 'post_results_a.csv', POSTS)).toMatchObject({
      rowsRead: 4,
      landed: 3,
      duplicates: 1,
      rejected: 0,
    });
    expect(await load(engine, 'post_results_again.csv', POSTS)).toMatchObject({ landed: 0, duplicates: 4 });
    expect(await load(engine, 'instagram_results.csv', RESTAURANTS)).toMatchObject({ landed: 2, rejected: 0 });

    const reader = await DuckDbLakeEngine.open({
      catalog: catalogFromEnvironment(env.lambdaEnv()),
      extensionDirectory: env.extensionDirectory,
    });
    try {
      const rows = await reader.withConnection(async (c) =>
        (
          await c.runAndReadAll(
            `SELECT post_id, likes, posted_date::VARCHAR AS d, caption FROM lake.instagram_db.posts ORDER BY post_id`,
          )
        ).getRows(),
      );
      expect(rows).toEqual([
        ['p1', 1200, '2024-05-01', 'Call 555-123-4567, "best" slice 🍕'],
        ['p2', 1234, '2024-06-02', 'Slice'],
        ['p3', null, '2024-06-03', 'Steamed'],
      ]);
    } finally {
      reader.close();
    }
  });

  it("serves masked reads through the query sandbox, which can read the tables' files and nothing else", async () => {
    const sandbox = await DuckDbQuerySandbox.open({
      catalog: catalogFromEnvironment(env.lambdaEnv(), true),
      extensionDirectory: env.extensionDirectory,
    });
    // In a query worker, as guarded SQL runs.
    const rows = async (sql: string) => (await sandbox.query({ sql, timeoutMs: 30_000 })).rows;
    try {
      expect(await rows('SELECT restaurant_name, phone, bio FROM restaurants ORDER BY 1')).toEqual([
        ['Golden Gate Dumplings', null, 'Dumplings'],
        ["Joe's Pizza", '+1 ****99', 'Call (21****99'],
      ]);
      expect(await rows('SELECT count(*)::INT FROM posts')).toEqual([[3]]);
      // Only the two tables' prefixes stay readable: not the ingest log next to them, nothing else in the bucket
      // (the query guard refuses file functions before any of this; this is the second wall).
      for (const path of [`${env.warehouse}instagram_db/ingest_log/metadata/x.json`, `${env.warehouse}elsewhere/x.csv`])
        await expect(rows(`SELECT * FROM read_csv('${path}')`)).rejects.toThrow(
          /Permission Error: Cannot access file .* disabled by configuration/,
        );
    } finally {
      sandbox.close();
    }
  });

  describe('Glue-flavoured ATTACH (SigV4 for glue, Glue prefix and defaults) against its own catalog', () => {
    const accountId = '123456789012';
    let glueEnv: RunningIcebergEnv;
    let proxy: RecordingProxy;

    beforeAll(async () => {
      glueEnv = await startIcebergEnv();
      proxy = await startRecordingProxy(glueShaped(glueEnv.restEndpoint, accountId));
    }, 120_000);
    afterAll(async () => {
      await proxy?.close();
      await glueEnv?.stop();
    });

    it('creates the tables at their explicit locations and MERGEs through per-table commits, every request signed', async () => {
      const catalog = catalogFromEnvironment({
        LAKE_CATALOG: 'iceberg-glue',
        LAKE_ACCOUNT_ID: accountId,
        LAKE_REGION: 'eu-west-1',
        LAKE_WAREHOUSE: `${glueEnv.warehouse}lake`,
        LAKE_GLUE_ENDPOINT: proxy.endpoint,
        LAKE_S3_ENDPOINT: glueEnv.s3Endpoint,
        LAKE_S3_URL_STYLE: 'path',
      });
      expect(catalog).toBeInstanceOf(IcebergGlueCatalog);
      expect(catalog.attachStatements().at(-1)).toMatch(
        /SIGV4_SERVICE 'glue', SIGV4_REGION 'eu-west-1', STAGE_CREATE_TABLES false, REMOVE_FILES_ON_DELETE false, PURGE_REQUESTED true/,
      );
      const glue = await DuckDbLakeEngine.open({ catalog, extensionDirectory: glueEnv.extensionDirectory });
      try {
        for (const table of LAKE_TABLES) {
          const metadata = await tableMetadata(glue, table.name);
          expect(metadata.location).toBe(`${glueEnv.warehouse}lake/instagram_db/${table.name}`);
          expect(partitionOf(metadata)).toEqual(expectedSpec(table));
        }
        expect(await load(glue, 'post_results_glue.csv', POSTS)).toMatchObject({ landed: 3, duplicates: 1 });
        expect(await load(glue, 'post_results_glue_2.csv', POSTS)).toMatchObject({ landed: 0, duplicates: 4 });
      } finally {
        glue.close();
      }

      const catalogRequests = proxy.requests;
      expect(catalogRequests.length).toBeGreaterThan(5);
      for (const request of catalogRequests)
        await expect(verifySigV4(request, glueEnv)).resolves.toEqual({
          service: 'glue',
          region: 'eu-west-1',
          accessKeyId: glueEnv.accessKeyId,
        });
      // Everything but the config call went through Glue's catalogs/<account> prefix the config announced.
      expect(
        catalogRequests
          .filter((r) => !r.originalPath.startsWith('/v1/config'))
          .map((r) => r.originalPath.split('/')[3]),
      ).toEqual(catalogRequests.filter((r) => !r.originalPath.startsWith('/v1/config')).map(() => accountId));
      const commits = catalogRequests.filter((r) => commitsTable(r, 'instagram_db', 'posts'));
      expect(commits.length).toBeGreaterThanOrEqual(1);
      expect([...new Set(commits.map((r) => r.originalPath))]).toEqual([
        `/v1/catalogs/${accountId}/namespaces/instagram_db/tables/posts`,
      ]);
      expect(catalogRequests.some((r) => r.path.includes('/transactions/commit'))).toBe(false);
    });
  });
});
