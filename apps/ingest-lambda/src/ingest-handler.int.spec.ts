import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadIngestLambdaConfig } from './config';
import { eventBridgeEvent, s3PutEvent, sqsEvent } from './fixtures/event-builders';
import s3TestEvent from './fixtures/s3-test-event.json';
import type { Context } from 'aws-lambda';
import { createIngestHandler, DirectResponse, SqsBatchResponse } from './ingest-handler';
import { IngestFailedError } from './ingest-notices';

/** A Lambda context whose clock reads the given remaining times, one per call (the last one repeats). */
function contextWithTime(requestId: string, ...remaining: number[]): Context {
  let call = 0;
  return {
    awsRequestId: requestId,
    functionName: 'instalake-ingest',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:instalake-ingest',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/instalake-ingest',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remaining[Math.min(call++, remaining.length - 1)],
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const BUCKET = 'instalake-raw';
const POSTS = [
  '\uFEFFpost_id,creator,posted_date,likes,comments,caption',
  'p1,@joes_pizza,2024-05-01,"1,234",12,"Best slice 🍕"',
  'p2,@joes_pizza,2024-05-02,1.2K,3,"two\nlines"',
  'p2,@joes_pizza,2024-05-02,1.2K,3,"duplicate in file"',
  'p3,@italian_kitchen,yesterday,10,1,bad date',
  'p4,@italian_kitchen,2024-05-04,15,2,ok',
].join('\r\n');
const RESTAURANTS = [
  'restaurant_name,city,phone,instagram_handle,followers,posts',
  "Joe's Pizza,NYC,,@joes_pizza,12.5K,340",
  'Italian Kitchen,Chicago,555-0100,@italian_kitchen,1.2M,88',
].join('\n');

describe('ingest Lambda handler, OBJECT_STORE=local, real DuckDB', () => {
  let home: string;
  let lambda: ReturnType<typeof createIngestHandler>;
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  // Powertools writes INFO to stdout and WARN/ERROR to stderr, one JSON object per line.
  const logText = () => [...stdout.mock.calls, ...stderr.mock.calls].map(([chunk]) => String(chunk)).join('');
  const logLines = () =>
    logText()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  const upload = async (key: string, content: string) => {
    const path = join(home, 'buckets', BUCKET, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  };
  const query = async (sql: string) => {
    await lambda.dispose(); // release the lake file, read it, the next invocation reopens it
    const db = await DuckDBInstance.create(join(home, 'lake.duckdb'), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJS();
    } finally {
      c.closeSync();
      db.closeSync();
    }
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-ingest-lambda-'));
    const env = {
      OBJECT_STORE: 'local',
      INSTALAKE_HOME: home,
      INSTALAKE_SCRATCH_DIR: join(home, 'tmp'),
      DUCKDB_THREADS: '1',
      LOG_LEVEL: 'INFO',
      INGEST_TIME_RESERVE_MS: '60000',
      // No object under this key in most tests: then files are read without a mapping.
      INSTALAKE_RAW_BUCKET: BUCKET,
      INSTALAKE_MAPPING_KEY: 'config/ingest-mapping.json',
    };
    lambda = createIngestHandler(() => loadIngestLambdaConfig(env));
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    stdout.mockRestore();
    stderr.mockRestore();
    await lambda.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('ingests every upload of a multi-record S3 event with exact counts, and skips a second delivery', async () => {
    await upload('uploads/nyc/post_results may+june.csv', POSTS);
    await upload('uploads/instagram_results 東京.csv', RESTAURANTS);
    const event = s3PutEvent([
      { bucket: BUCKET, key: 'uploads/nyc/post_results may+june.csv' },
      { bucket: BUCKET, key: 'uploads/instagram_results 東京.csv' },
      { bucket: BUCKET, key: 'uploads/readme.txt' },
      { bucket: BUCKET, key: 'elsewhere/post_results.csv' },
    ]);

    const first = (await lambda.handler(event)) as DirectResponse;
    expect(first.files.map((f) => [f.file, f.status])).toEqual([
      ['uploads/nyc/post_results may+june.csv', 'ingested'],
      ['uploads/instagram_results 東京.csv', 'ingested'],
      ['uploads/readme.txt', 'ignored'],
      ['elsewhere/post_results.csv', 'ignored'],
    ]);
    expect(first.files[0]).toMatchObject({ table: 'posts', rowsRead: 5, landed: 3, duplicates: 1, rejected: 1 });
    expect(first.files[1]).toMatchObject({ table: 'restaurants', rowsRead: 2, landed: 2, duplicates: 0, rejected: 0 });
    expect(first.files[0]).toMatchObject({
      rejectsKey: expect.stringMatching(/^dlq\/nyc\/post_results may\+june\.\w{12}\.rejects\.csv$/),
    });
    expect(existsSync(join(home, 'buckets', BUCKET, (first.files[0] as { rejectsKey: string }).rejectsKey))).toBe(true);

    const second = (await lambda.handler(event)) as DirectResponse;
    expect(second.files.slice(0, 2).map((f) => f.status)).toEqual(['skipped', 'skipped']);

    expect(await query(`SELECT count(*)::INT n FROM instagram_db.posts`)).toEqual([{ n: 3 }]);
    expect(
      await query(
        `SELECT restaurant_name, followers, followers_count::BIGINT::VARCHAR fc FROM instagram_db.restaurants ORDER BY 1`,
      ),
    ).toEqual([
      { restaurant_name: 'Italian Kitchen', followers: '1.2M', fc: '1200000' },
      { restaurant_name: "Joe's Pizza", followers: '12.5K', fc: '12500' },
    ]);
    expect(await query(`SELECT status, count(*)::INT n FROM instagram_db.ingest_log GROUP BY 1 ORDER BY 1`)).toEqual([
      { status: 'ingested', n: 2 },
      { status: 'skipped', n: 2 },
    ]);

    // One log line per file with counts and duration; never the file's content.
    const fileLines = logLines().filter((l) => l.key === 'uploads/nyc/post_results may+june.csv');
    expect(fileLines.map((l) => l.message)).toEqual(['file ingested', 'file skipped']);
    expect(fileLines[0]).toMatchObject({
      level: 'INFO',
      service: 'instalake-ingest',
      rowsRead: 5,
      landed: 3,
      duplicates: 1,
      rejected: 1,
      table: 'posts',
    });
    expect(typeof fileLines[0].durationMs).toBe('number');
    expect(logText()).not.toMatch(/Best slice|🍕|555-0100/);
  });

  it('sends a bad file to dlq/ with an .error.json beside it, and still ingests the other file', async () => {
    await upload('uploads/post_results broken.csv', 'post_id,caption\np1,no creator column\n');
    await upload('uploads/post_results good.csv', POSTS);
    const result = (await lambda.handler(
      s3PutEvent([
        { bucket: BUCKET, key: 'uploads/post_results broken.csv' },
        { bucket: BUCKET, key: 'uploads/post_results good.csv' },
      ]),
    )) as DirectResponse;
    expect(result.files.map((f) => f.status)).toEqual(['rejected', 'ingested']);
    expect(result.files[0]).toMatchObject({
      deadLetterKey: expect.stringMatching(/^dlq\/post_results broken\.\w{12}\.csv$/),
      error: { code: 'SCHEMA_MISMATCH' },
    });
    const copy = join(home, 'buckets', BUCKET, (result.files[0] as { deadLetterKey: string }).deadLetterKey);
    expect(await readFile(copy, 'utf8')).toBe('post_id,caption\np1,no creator column\n');
    const report = JSON.parse(await readFile(`${copy}.error.json`, 'utf8'));
    expect(report).toMatchObject({
      code: 'SCHEMA_MISMATCH',
      source: { bucket: BUCKET, key: 'uploads/post_results broken.csv' },
    });
    expect(report.message).toMatch(/creator/);
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.posts`)).toEqual([{ n: 3 }]);
    expect(logLines().find((l) => l.key === 'uploads/post_results broken.csv')).toMatchObject({
      level: 'WARN',
      message: 'file rejected',
      errorCode: 'SCHEMA_MISMATCH',
    });
  });

  it('reports an SQS partial batch failure for a missing object while the other message lands', async () => {
    await upload('uploads/post_results ok.csv', POSTS);
    const event = sqsEvent([
      { messageId: 'msg-missing', objects: [{ bucket: BUCKET, key: 'uploads/post_results gone.csv' }] },
      { messageId: 'msg-ok', objects: [{ bucket: BUCKET, key: 'uploads/post_results ok.csv' }] },
      { messageId: 'msg-test', objects: [] },
    ]);
    event.Records[2].body = JSON.stringify(s3TestEvent);
    const result = (await lambda.handler(event)) as SqsBatchResponse;
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-missing' }] });
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.posts`)).toEqual([{ n: 3 }]);
    expect(logLines().find((l) => l.key === 'uploads/post_results gone.csv')).toMatchObject({
      level: 'ERROR',
      errorCode: 'OBJECT_NOT_FOUND',
    });
  });

  it('ingests the object of an EventBridge "Object Created" event', async () => {
    await upload('uploads/instagram_restaurant_results.csv', RESTAURANTS);
    const result = (await lambda.handler(
      eventBridgeEvent({ bucket: BUCKET, key: 'uploads/instagram_restaurant_results.csv' }),
    )) as DirectResponse;
    expect(result).toMatchObject({
      source: 'eventbridge',
      files: [{ status: 'ingested', table: 'restaurants', landed: 2 }],
    });
  });

  it("reads the mapping file in the raw bucket: a JSON upload without an owner lands with the rule's creator", async () => {
    await upload(
      'config/ingest-mapping.json',
      JSON.stringify({ rules: [{ files: 'instaloader/arijitsingh/**', set: { creator: 'arijitsingh' } }] }),
    );
    await upload(
      'uploads/instaloader/arijitsingh/posts.jsonl',
      `${JSON.stringify({ mediaid: '3756236734412345678', shortcode: 'DQg1WiW69FO', date_utc: '2025-11-27 12:00:00', likes: 3 })}\n`,
    );
    const result = (await lambda.handler(
      s3PutEvent([{ bucket: BUCKET, key: 'uploads/instaloader/arijitsingh/posts.jsonl' }]),
    )) as DirectResponse;
    expect(result.files[0]).toMatchObject({ status: 'ingested', format: 'json', landed: 1 });
    expect(await query(`SELECT post_id, creator FROM instagram_db.posts`)).toEqual([
      { post_id: 'DQg1WiW69FO', creator: 'arijitsingh' },
    ]);
  });

  it('fails (for a retry) rather than guess when the mapping file is invalid', async () => {
    await upload('config/ingest-mapping.json', '{"rules": [{"files": "*", "set": {"creatr": "x"}}]}');
    await upload('uploads/post_results ok.csv', POSTS);
    await expect(lambda.handler(s3PutEvent([{ bucket: BUCKET, key: 'uploads/post_results ok.csv' }]))).rejects.toThrow(
      IngestFailedError,
    );
    expect(logLines().find((l) => l.message === 'file failed')).toMatchObject({
      errorCode: 'INVALID_MAPPING',
      error: expect.stringContaining('"creatr" is not a column'),
    });
  });

  it('acknowledges the s3:TestEvent without opening the lake', async () => {
    expect(await lambda.handler(s3TestEvent)).toEqual({ source: 's3', testEvent: true, files: [] });
    expect(existsSync(join(home, 'lake.duckdb'))).toBe(false);
  });

  it('throws IngestFailedError after ingesting the rest when a directly delivered object is missing, so Lambda retries', async () => {
    await upload('uploads/post_results ok.csv', POSTS);
    const error = await lambda
      .handler(
        s3PutEvent([
          { bucket: BUCKET, key: 'uploads/post_results gone.csv' },
          { bucket: BUCKET, key: 'uploads/post_results ok.csv' },
        ]),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFailedError);
    expect(error).toMatchObject({
      code: 'INGEST_FAILED',
      message: expect.stringContaining('uploads/post_results gone.csv'),
    });
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.posts`)).toEqual([{ n: 3 }]);
  });

  it('starts no file with too little time left: reports it as a failure, so SQS redelivers it, and lands it then', async () => {
    await upload('uploads/post_results first.csv', POSTS);
    await upload('uploads/instagram_results second.csv', RESTAURANTS);
    const event = sqsEvent([
      { messageId: 'msg-1', objects: [{ bucket: BUCKET, key: 'uploads/post_results first.csv' }] },
      { messageId: 'msg-2', objects: [{ bucket: BUCKET, key: 'uploads/instagram_results second.csv' }] },
    ]);
    // 200 s left for the first file, then 10 s: below the 60 s reserve, the second file does not start.
    const result = await lambda.handler(event, contextWithTime('req-short', 200_000, 10_000));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2' }] });
    const notStarted = logLines().find((l) => l.key === 'uploads/instagram_results second.csv');
    expect(notStarted).toMatchObject({ level: 'ERROR', errorCode: 'OUT_OF_TIME', function_request_id: 'req-short' });
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.restaurants`)).toEqual([{ n: 0 }]);

    // The redelivered message gets a fresh invocation with time to spare: nothing was lost.
    const again = await lambda.handler({ Records: [event.Records[1]] }, contextWithTime('req-again', 250_000));
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.restaurants`)).toEqual([{ n: 2 }]);
    expect(await query(`SELECT count(*)::INT n FROM instagram_db.posts`)).toEqual([{ n: 3 }]);
  });

  it('throws for a direct event whose files could not all start in time, naming the ones not started', async () => {
    await upload('uploads/post_results ok.csv', POSTS);
    await upload('uploads/instagram_results later.csv', RESTAURANTS);
    const error = await lambda
      .handler(
        s3PutEvent([
          { bucket: BUCKET, key: 'uploads/post_results ok.csv' },
          { bucket: BUCKET, key: 'uploads/instagram_results later.csv' },
        ]),
        contextWithTime('req-direct', 100_000, 1_000),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFailedError);
    expect((error as IngestFailedError).failed).toEqual([
      {
        file: 'uploads/instagram_results later.csv',
        bucket: BUCKET,
        status: 'failed',
        error: { code: 'OUT_OF_TIME', message: expect.stringContaining('INGEST_TIME_RESERVE_MS') },
      },
    ]);
  });

  it('logs with the Lambda request id and the service name the stack sets', async () => {
    await lambda.dispose();
    lambda = createIngestHandler(() =>
      loadIngestLambdaConfig({
        OBJECT_STORE: 'local',
        INSTALAKE_HOME: home,
        INSTALAKE_SCRATCH_DIR: join(home, 'tmp'),
        POWERTOOLS_SERVICE_NAME: 'instalake-ingest-dev',
      }),
    );
    await upload('uploads/post_results ok.csv', POSTS);
    await lambda.handler(
      s3PutEvent([{ bucket: BUCKET, key: 'uploads/post_results ok.csv' }]),
      contextWithTime('req-42', 250_000),
    );
    expect(logLines().find((l) => l.message === 'file ingested')).toMatchObject({
      service: 'instalake-ingest-dev',
      function_request_id: 'req-42',
      function_name: 'instalake-ingest',
    });
  });
});
