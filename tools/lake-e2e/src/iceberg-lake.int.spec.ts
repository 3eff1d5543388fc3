import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  chainGates,
  commitRace,
  commitsTable,
  describeWithIcebergEnv,
  glueShaped,
  serialCommits,
  startRecordingProxy,
  startIcebergEnv,
  type RecordingProxy,
  type RunningIcebergEnv,
} from '@instalake/duckdb/testing';
import { LAKE_TABLES } from '@instalake/lake-schema';
import { startFakeBedrockAgent } from './fake-bedrock-agent';
import { startGlueFromRestCatalog } from './glue-from-rest-catalog';
import { bundleLambda, coldStart, type LambdaModule } from './lambda-bundle';
import { s3Notification, sqsDelivery, type CreatedObject } from './s3-notifications';

/** The ingest handler's answers, as this suite reads them (apps are not imported, only run as bundles). */
interface FileOutcome {
  file: string;
  status: 'ingested' | 'skipped' | 'rejected' | 'ignored' | 'failed';
  table?: 'posts' | 'restaurants';
  rowsRead?: number;
  landed: number;
  duplicates?: number;
  rejected?: number;
  rejectsKey?: string;
}
interface DirectResponse {
  source: string;
  files: FileOutcome[];
}
type IngestLambda = LambdaModule<unknown, unknown>;
interface ToolResponse {
  response: { httpStatusCode: number; responseBody: { 'application/json': { body: string } } };
}
type ToolLambda = LambdaModule<unknown, ToolResponse>;

const RAW = 'instalake-raw';
/** Every table lake-schema defines, plus the ingest log, as the custom resource reports them. */
const LAKE_TABLE_NAMES = [...LAKE_TABLES.map((t) => t.name), 'ingest_log'].sort().join(',');
const KNOWLEDGE = 'instalake-knowledge';
const KNOWLEDGE_BASE_ID = 'KB12345678';
const DATA_SOURCE_ID = 'DS12345678';
const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const POSTS_HEADER = 'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,post_url';

/** `n` posts by one creator: dated inside the last week (trends) or months back (other partitions). */
function postsCsv(prefix: string, n: number, options: { monthsBack?: number; extra?: string[] } = {}): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const date = options.monthsBack ? day(31 * options.monthsBack + i) : day(i % 6);
    return `${prefix}${i},pizza nyc,@joes_pizza,${date},${100 + i},${i % 7},#pizza #nyc,"Slice ${i}, call 212-555-0199",https://www.instagram.com/p/${prefix}${i}/`;
  });
  return [POSTS_HEADER, ...rows, ...(options.extra ?? [])].join('\n');
}

const RESTAURANTS_CSV = [
  'restaurant_name,city,phone,instagram_handle,followers,posts,bio',
  "Joe's Pizza,New York,+1 212-555-0199,@joes_pizza,12.5K,300,Call (212) 555-0199",
  'Golden Gate Dumplings,San Francisco,415-555-0123,goldengate,8K,120,Dumplings',
  'Golden Gate Dumplings,San Francisco,415-555-0123,goldengate,8K,120,duplicate row',
].join('\n');

const CUSTOM_RESOURCE_CREATE = {
  RequestType: 'Create',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:instalake-dev-LakeTablesProvider',
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/instalake-dev/5b6a3c40',
  RequestId: '3f1e2d4c-5b6a-4789-8abc-def012345678',
  LogicalResourceId: 'LakeTables5A1B2C3D',
  ResourceType: 'Custom::InstalakeLakeTables',
  ResourceProperties: { ServiceToken: 'x', Action: 'ensure-lake-tables', SchemaHash: '0123456789abcdef' },
};

function toolEvent(apiPath: string, properties: Record<string, string>) {
  return {
    messageVersion: '1.0',
    agent: { name: 'instalake', id: 'AGENT12345', alias: 'TSTALIASID', version: 'DRAFT' },
    sessionId: 's-1',
    sessionAttributes: {},
    promptSessionAttributes: {},
    inputText: 'question',
    apiPath,
    httpMethod: 'POST',
    actionGroup: 'lake-tools',
    requestBody: {
      content: {
        'application/json': {
          properties: Object.entries(properties).map(([name, value]) => ({ name, type: 'string', value })),
        },
      },
    },
  };
}

describeWithIcebergEnv('Lambda bundles end to end on a real Iceberg REST catalog and S3 (moto)', () => {
  let env: RunningIcebergEnv;
  let s3: S3Client;
  let scratch: string;
  let ingestBundle: string;
  let lakeTablesBundle: string;
  let toolBundle: string;
  let ingest: IngestLambda;
  let bedrock: Awaited<ReturnType<typeof startFakeBedrockAgent>>;
  /** The ingest Lambdas' own S3 traffic (raw and knowledge buckets), so the test sees each object they write. */
  let s3Traffic: RecordingProxy;
  const savedEnv = { ...process.env };
  /** What the ingests reported as landed, per table: the counts every reader must find. */
  const landed = { posts: 0, restaurants: 0 };
  let logEntries = 0;

  async function upload(key: string, body: string): Promise<CreatedObject> {
    const put = await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: body }));
    return { bucket: RAW, key, etag: put.ETag ?? '', size: Buffer.byteLength(body) };
  }

  /** Knowledge documents the ingest Lambdas PUT since the mark (`<post id>.txt` and `.txt.metadata.json`). */
  const documentPuts = (since: number) =>
    s3Traffic.requests
      .slice(since)
      .filter((r) => r.method === 'PUT' && r.path.startsWith(`/${KNOWLEDGE}/posts/`))
      .map((r) => decodeURIComponent(r.path.split('?')[0].slice(`/${KNOWLEDGE}/posts/`.length)));
  const postIdsOf = (keys: string[]) =>
    [...new Set(keys.map((k) => k.replace(/\.txt(\.metadata\.json)?$/, '')))].sort();
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).sort();

  function count(files: DirectResponse['files']) {
    for (const f of files) if (f.status === 'ingested' && f.table) landed[f.table] += f.landed;
    // On Iceberg a load logs `loading` before its table commits, then its entry: two rows; a skipped file, one.
    for (const f of files) logEntries += f.status === 'ingested' ? 2 : f.status === 'skipped' ? 1 : 0;
  }

  beforeAll(async () => {
    env = await startIcebergEnv();
    scratch = await mkdtemp(join(tmpdir(), 'instalake-e2e-'));
    s3 = new S3Client({ endpoint: env.s3Endpoint, forcePathStyle: true, region: env.region });
    await s3.send(new CreateBucketCommand({ Bucket: RAW }));
    await s3.send(new CreateBucketCommand({ Bucket: KNOWLEDGE }));
    bedrock = await startFakeBedrockAgent();
    s3Traffic = await startRecordingProxy({ target: env.s3Endpoint });
    Object.assign(process.env, {
      ...env.lambdaEnv(),
      S3_ENDPOINT: s3Traffic.endpoint,
      KNOWLEDGE_BUCKET: KNOWLEDGE,
      KNOWLEDGE_BASE_ID,
      KNOWLEDGE_DATA_SOURCE_ID: DATA_SOURCE_ID,
      BEDROCK_AGENT_ENDPOINT: bedrock.endpoint,
      OBJECT_STORE: 's3',
      INSTALAKE_SCRATCH_DIR: join(scratch, 'scratch'),
      DUCKDB_HOME_DIRECTORY: join(scratch, 'duckdb-home'),
      DUCKDB_THREADS: '2',
      LOG_LEVEL: 'SILENT',
    });
    ingestBundle = bundleLambda('ingest');
    lakeTablesBundle = bundleLambda('lakeTables');
    toolBundle = bundleLambda('tool');
    ingest = coldStart(ingestBundle);
  }, 180_000);
  afterAll(async () => {
    await ingest?.dispose();
    s3?.destroy();
    await s3Traffic?.close();
    await bedrock?.close();
    await env?.stop();
    process.env = savedEnv;
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('the deploy-time custom-resource event creates the namespace and the lake-schema tables, partitioned', async () => {
    const lakeTables = coldStart<unknown, unknown>(lakeTablesBundle);
    const created = await lakeTables.handler(CUSTOM_RESOURCE_CREATE).finally(() => lakeTables.dispose());
    expect(created).toEqual({
      PhysicalResourceId: 'instalake-lake-tables',
      Data: { Catalog: 'iceberg-rest', Tables: LAKE_TABLE_NAMES },
    });
    const tables = await env.inspect(LAKE_TABLES.map((t) => `instagram_db.${t.name}`));
    expect(tables['instagram_db.posts'].partitionSpec).toEqual([
      { name: expect.any(String), transform: 'month', source: 'posted_date' },
    ]);
    expect(tables['instagram_db.restaurants'].partitionSpec).toEqual([
      { name: expect.any(String), transform: 'identity', source: 'city' },
    ]);
    for (const table of LAKE_TABLES)
      expect(tables[`instagram_db.${table.name}`].columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
  });

  it('ingests the objects of a real S3 notification: MERGE, de-duplication, rejected rows to the dead-letter prefix', async () => {
    const posts = await upload(
      'uploads/2026/post_results may+june.csv',
      postsCsv('m', 12, {
        monthsBack: 2,
        extra: ['bad1,pizza nyc,@joes_pizza,not a date,1,1,,x,', 'm0,dup,@joes_pizza,2024-01-01,1,1,,dup,'],
      }),
    );
    const restaurants = await upload('uploads/2026/instagram_restaurant_results.csv', RESTAURANTS_CSV);
    const response = (await ingest.handler(s3Notification([posts, restaurants]))) as DirectResponse;
    expect(response.files).toMatchObject([
      { file: posts.key, status: 'ingested', table: 'posts', rowsRead: 14, landed: 12, duplicates: 1, rejected: 1 },
      {
        file: restaurants.key,
        status: 'ingested',
        table: 'restaurants',
        rowsRead: 3,
        landed: 2,
        duplicates: 1,
        rejected: 0,
      },
    ]);
    count(response.files);
    const object = await s3.send(new GetObjectCommand({ Bucket: RAW, Key: response.files[0].rejectsKey }));
    expect(await object.Body?.transformToString()).toMatch(/^line,reason,.*\n.*bad1/s);

    // The knowledge base: one document + sidecar per landed post, written once (the restaurants file changed no
    // post's document), and one ingestion job for the batch.
    const puts = documentPuts(0);
    expect(puts).toHaveLength(24);
    expect(postIdsOf(puts)).toEqual(ids('m', 12));
    expect(bedrock.starts).toEqual([
      {
        knowledgeBaseId: KNOWLEDGE_BASE_ID,
        dataSourceId: DATA_SOURCE_ID,
        body: expect.objectContaining({ clientToken: expect.any(String) }),
      },
    ]);
    const document = await s3.send(new GetObjectCommand({ Bucket: KNOWLEDGE, Key: 'posts/m3.txt' }));
    // Phone numbers are masked before they leave the lake layer, documents included.
    expect(await document.Body?.transformToString()).toBe(
      'Caption: Slice 3, call 212****99\nHashtags: #pizza #nyc\nSearch term: pizza nyc\nCreator: @joes_pizza | City: New York\n',
    );
    const sidecar = await s3.send(new GetObjectCommand({ Bucket: KNOWLEDGE, Key: 'posts/m3.txt.metadata.json' }));
    expect(JSON.parse((await sidecar.Body?.transformToString()) ?? '{}').metadataAttributes).toMatchObject({
      post_id: { value: { type: 'STRING', stringValue: 'm3' } },
      city: { value: { type: 'STRING', stringValue: 'New York' } },
      likes: { value: { type: 'NUMBER', numberValue: 103 } },
    });
  });

  it('a redelivered event changes nothing, and SQS-wrapped events are acknowledged per message', async () => {
    const mark = s3Traffic.requests.length;
    const posts = { bucket: RAW, key: 'uploads/2026/post_results may+june.csv' };
    const head = await s3.send(new GetObjectCommand({ Bucket: RAW, Key: posts.key }));
    const again = (await ingest.handler(
      s3Notification([{ ...posts, etag: head.ETag ?? '', size: Number(head.ContentLength) }]),
    )) as DirectResponse;
    expect(again.files).toMatchObject([{ status: 'skipped', landed: 0 }]);
    count(again.files);
    expect(documentPuts(mark)).toEqual([]);
    expect(bedrock.starts).toHaveLength(1);

    const week = await upload('uploads/2026/post_results_week.csv', postsCsv('w', 20));
    expect(await ingest.handler(sqsDelivery([{ messageId: 'msg-1', objects: [week] }]))).toEqual({
      batchItemFailures: [],
    });
    landed.posts += 20;
    logEntries += 2; // its loading entry and its entry
    // Only the new posts' documents are written; the earlier ones are not rewritten. One more job.
    expect(postIdsOf(documentPuts(mark))).toEqual(ids('w', 20));
    expect(bedrock.starts).toHaveLength(2);
  });

  describe('two ingest Lambdas committing to the same table at once', () => {
    let proxy: RecordingProxy;
    const race = commitRace((r) => commitsTable(r, 'instagram_db', 'posts'));
    beforeAll(async () => {
      // Both Lambdas also append to ingest_log at about the same time: commits are decided one at a time, as a
      // catalog's compare-and-swap does (the REST fixture alone can accept both and lose one).
      proxy = await startRecordingProxy({ target: env.restEndpoint, gate: chainGates(race.gate, serialCommits()) });
    });
    afterAll(() => proxy?.close());

    it('both land through the commit-conflict retry, with exact counts', async () => {
      process.env.LAKE_REST_ENDPOINT = proxy.endpoint;
      const mark = s3Traffic.requests.length;
      const [a, b] = [coldStart<unknown, unknown>(ingestBundle), coldStart<unknown, unknown>(ingestBundle)];
      try {
        const [fileA, fileB] = [
          await upload('uploads/race/post_results_a.csv', postsCsv('a', 25)),
          await upload('uploads/race/post_results_b.csv', postsCsv('b', 25, { monthsBack: 1 })),
        ];
        const [ra, rb] = (await Promise.all([
          a.handler(s3Notification([fileA])),
          b.handler(s3Notification([fileB])),
        ])) as [DirectResponse, DirectResponse];
        expect([ra.files, rb.files]).toMatchObject([
          [{ status: 'ingested', rowsRead: 25, landed: 25, duplicates: 0 }],
          [{ status: 'ingested', rowsRead: 25, landed: 25, duplicates: 0 }],
        ]);
        count(ra.files);
        count(rb.files);
        // Each Lambda wrote its own file's documents (at least: the last manifest may miss the other's) and
        // started one job.
        expect(postIdsOf(documentPuts(mark))).toEqual(expect.arrayContaining([...ids('a', 25), ...ids('b', 25)]));
        expect(bedrock.starts).toHaveLength(4);
      } finally {
        await a.dispose();
        await b.dispose();
        process.env.LAKE_REST_ENDPOINT = env.restEndpoint;
      }
      // The catalog really refused one of the two commits, and the loser's retry landed.
      expect(race.state.held).toBe(2);
      const postsCommits = proxy.requests.filter((r) => commitsTable(r, 'instagram_db', 'posts'));
      expect(postsCommits.map((r) => r.status)).toEqual([200, 409, 200]);
    });
  });

  describe('the tool Lambda over those Iceberg tables', () => {
    let tool: ToolLambda;
    const ask = async (apiPath: string, properties: Record<string, string>) => {
      const r = await tool.handler(toolEvent(apiPath, properties));
      return { status: r.response.httpStatusCode, body: JSON.parse(r.response.responseBody['application/json'].body) };
    };
    beforeAll(() => {
      process.env.LAKE_READ_ONLY = 'true';
      tool = coldStart(toolBundle);
    });
    afterAll(() => tool?.dispose());

    it('answers guarded SQL with the counts the ingests reported, phones masked', async () => {
      expect(
        await ask('/query_posts', { sql: 'SELECT count(*) AS n, count(DISTINCT post_id) AS ids FROM posts' }),
      ).toMatchObject({
        status: 200,
        body: {
          columns: ['n', 'ids'],
          data: [[landed.posts, landed.posts]],
          source: expect.stringMatching(/^iceberg-rest:/),
        },
      });
      const restaurants = await ask('/query_restaurants', {
        sql: 'SELECT restaurant_name, city, phone, bio FROM restaurants ORDER BY restaurant_name',
      });
      expect(restaurants.body.data).toEqual([
        ['Golden Gate Dumplings', 'San Francisco', '415****23', 'Dumplings'],
        ["Joe's Pizza", 'New York', '+1 ****99', 'Call (21****99'],
      ]);
      expect(
        await ask('/query_posts', {
          sql: "SELECT * FROM read_parquet('s3://warehouse/instagram_db/restaurants/data/*.parquet')",
        }),
      ).toMatchObject({ status: 400, body: { error: { code: 'TABLE_FUNCTION_FORBIDDEN' } } });
    });

    it('answers trends for the last week', async () => {
      const trends = await ask('/get_trends', { city: 'NYC', days: '7' });
      expect(trends.status).toBe(200);
      expect(trends.body).toMatchObject({ city: 'New York', window: { to: day(0), days: 7 } });
      // The week file's 20 posts and the race's file A (25) fall inside the window; the other files are older.
      expect(trends.body.dataPoints).toBe(45);
      expect(trends.body.hashtags.map((h: { tag: string }) => h.tag)).toEqual(expect.arrayContaining(['pizza', 'nyc']));
    });
  });

  it('PyIceberg reads the same tables: row counts, partition specs and an unbroken chain of append snapshots', async () => {
    const tables = await env.inspect(['instagram_db.posts', 'instagram_db.restaurants', 'instagram_db.ingest_log']);
    expect(tables['instagram_db.posts'].rows).toBe(landed.posts);
    expect(tables['instagram_db.restaurants'].rows).toBe(landed.restaurants);
    expect(tables['instagram_db.ingest_log'].rows).toBe(logEntries);
    const posts = tables['instagram_db.posts'];
    // One append per MERGE that landed rows: the S3 event's file, the SQS file and the two racing files.
    expect(posts.snapshots.map((s) => [s.operation, s.addedRecords])).toEqual([
      ['append', 12],
      ['append', 20],
      ['append', 25],
      ['append', 25],
    ]);
    posts.snapshots.forEach((s, i) => expect(s.parentId).toBe(i === 0 ? null : posts.snapshots[i - 1].id));
    expect(posts.snapshots.at(-1)).toMatchObject({ id: posts.currentSnapshotId, totalRecords: landed.posts });
    expect(posts.location).toBe(`${env.warehouse}instagram_db/posts`);

    // Every post in the lake has its document and sidecar in the knowledge bucket; the manifest sits outside posts/.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: KNOWLEDGE, MaxKeys: 1000 }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.filter((k) => k.startsWith('posts/'))).toHaveLength(2 * landed.posts);
    expect(keys.filter((k) => !k.startsWith('posts/'))).toEqual(['sync/manifest.json']);
  });

  describe('the deploy-time custom resource on the Glue catalog', () => {
    const accountId = '123456789012';
    let glueProxy: RecordingProxy;
    let glue: Awaited<ReturnType<typeof startGlueFromRestCatalog>>;
    beforeAll(async () => {
      glueProxy = await startRecordingProxy(glueShaped(env.restEndpoint, accountId));
      glue = await startGlueFromRestCatalog(env.restEndpoint);
      Object.assign(process.env, {
        LAKE_CATALOG: 'iceberg-glue',
        LAKE_ACCOUNT_ID: accountId,
        LAKE_WAREHOUSE: `${env.warehouse}glue`,
        LAKE_GLUE_ENDPOINT: glueProxy.endpoint,
        GLUE_ENDPOINT: glue.endpoint,
      });
    });
    afterAll(async () => {
      for (const key of ['LAKE_ACCOUNT_ID', 'LAKE_WAREHOUSE', 'LAKE_GLUE_ENDPOINT', 'GLUE_ENDPOINT'])
        delete process.env[key];
      Object.assign(process.env, env.lambdaEnv());
      await glueProxy?.close();
      await glue?.close();
    });

    it('checks the tables Glue reports against lake-schema, and stops the deploy on drift', async () => {
      const deploy = coldStart<unknown, unknown>(lakeTablesBundle);
      try {
        expect(await deploy.handler(CUSTOM_RESOURCE_CREATE)).toMatchObject({
          Data: { Catalog: 'iceberg-glue', Tables: LAKE_TABLE_NAMES },
        });
        // Someone dropped a column behind the lake's back (or lake-schema gained one without a migration).
        glue.state.edit = (tables) =>
          tables.map((t) =>
            t.Name === 'posts'
              ? {
                  ...t,
                  StorageDescriptor: {
                    ...(t.StorageDescriptor as object),
                    Columns: (t.StorageDescriptor as { Columns: { Name: string }[] }).Columns.filter(
                      (c) => c.Name !== 'likes',
                    ),
                  },
                }
              : t,
          );
        await expect(deploy.handler({ ...CUSTOM_RESOURCE_CREATE, RequestType: 'Update' })).rejects.toMatchObject({
          code: 'LAKE_SCHEMA_DRIFT',
          message: expect.stringMatching(/instagram_db\.posts\.likes \(INTEGER\) is missing: add it with ALTER TABLE/),
        });
      } finally {
        await deploy.dispose();
      }
    });
  });
});
