import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLocalLake } from '@instalake/duckdb';
import { loadToolLambdaConfig } from './config';
import { createToolHandler } from './tool-handler';
import { parametersEvent, postEvent, postsCsv, RESTAURANTS_CSV } from './fixtures/bedrock-events';
import type { BedrockAgentEvent, BedrockAgentResponse } from '@instalake/transport';

const TODAY = new Date().toISOString().slice(0, 10);
const body = (r: BedrockAgentResponse) => JSON.parse(r.response.responseBody['application/json'].body);

describe('tool Lambda handler with Bedrock-shaped events (real DuckDB lake)', () => {
  let dir: string;
  let tool: ReturnType<typeof createToolHandler>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-tool-'));
    await seedLocalLake(join(dir, 'lake.duckdb'), {
      'post_results.csv': postsCsv(TODAY),
      'instagram_results.csv': RESTAURANTS_CSV,
    });
    tool = createToolHandler(() =>
      loadToolLambdaConfig({
        INSTALAKE_HOME: dir,
        LOG_LEVEL: 'SILENT',
        RESPONSE_MAX_BYTES: '8000',
        QUERY_TIMEOUT_MS: '5000',
      }),
    );
  });
  afterAll(async () => {
    await tool.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers /query_posts from requestBody properties with the exact response envelope', async () => {
    const event = postEvent('/query_posts', {
      sql: 'SELECT creator, count(*) AS n FROM posts GROUP BY creator ORDER BY n DESC',
    });
    const response = await tool.handler(event);
    expect(response).toEqual({
      messageVersion: '1.0',
      response: {
        actionGroup: 'InstalakeTools',
        apiPath: '/query_posts',
        httpMethod: 'POST',
        httpStatusCode: 200,
        responseBody: { 'application/json': { body: expect.any(String) } },
      },
      sessionAttributes: {},
      promptSessionAttributes: {},
    });
    expect(body(response)).toEqual({
      columns: ['creator', 'n'],
      data: [
        ['@joes_pizza', 40],
        ['goldengate_dumplings', 1],
      ],
      row_count: 2,
      truncated: false,
      source: 'local',
    });
  });

  it('answers /query_restaurants from parameters[] and keeps session attributes; phones stay masked', async () => {
    const response = await tool.handler(
      parametersEvent('/query_restaurants', { sql: 'SELECT restaurant_name, phone, bio FROM restaurants ORDER BY 1' }),
    );
    expect(response.sessionAttributes).toEqual({ tenant: 'demo' });
    expect(body(response).data).toEqual([
      ['Golden Gate Dumplings', '+1 ****23', 'Dumplings'],
      ["Joe's Pizza", '555****67', 'Call (21****99'],
    ]);
  });

  it('answers /get_trends with days sent as a string', async () => {
    const response = await tool.handler(postEvent('/get_trends', { city: 'nyc', days: '7' }));
    expect(response.response.httpStatusCode).toBe(200);
    const report = body(response);
    expect(report).toMatchObject({
      city: 'New York',
      dataPoints: 40,
      confidence: 'MEDIUM',
      window: { to: TODAY, days: 7 },
    });
    expect(report.hashtags.slice(0, 3).map((h: { tag: string }) => h.tag)).toEqual(['cheese', 'nyc', 'pizza']);
  });

  it('trims rows to stay under the body limit and says so', async () => {
    const response = await tool.handler(
      postEvent('/query_posts', { sql: 'SELECT post_id, caption FROM posts ORDER BY post_id' }),
    );
    const raw = response.response.responseBody['application/json'].body;
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(8000);
    const result = JSON.parse(raw);
    expect(result.truncated).toBe(true);
    expect(result.row_count).toBe(result.data.length);
    expect(result.row_count).toBeLessThan(41);
    expect(result.note).toContain(`of 41 rows`);
  });

  it.each<[string, BedrockAgentEvent, number, string]>([
    ['unknown path', postEvent('/drop_everything', { sql: 'SELECT 1' }), 404, 'UNKNOWN_PATH'],
    ['missing sql', postEvent('/query_posts', {}), 400, 'BAD_PARAMETERS'],
    ['blank sql', postEvent('/query_posts', { sql: '   ' }), 400, 'BAD_PARAMETERS'],
    ['days not a number', postEvent('/get_trends', { city: 'NYC', days: 'seven' }), 400, 'BAD_PARAMETERS'],
    ['days out of range', postEvent('/get_trends', { city: 'NYC', days: '0' }), 400, 'INVALID_DAYS'],
    ['missing city', postEvent('/get_trends', { days: '7' }), 400, 'BAD_PARAMETERS'],
    ['refused SQL', postEvent('/query_posts', { sql: 'DROP TABLE posts' }), 400, 'NOT_A_SELECT'],
    [
      'table function',
      postEvent('/query_posts', { sql: "SELECT * FROM read_csv('/etc/passwd')" }),
      400,
      'TABLE_FUNCTION_FORBIDDEN',
    ],
    ['unknown column', postEvent('/query_posts', { sql: 'SELECT nope FROM posts' }), 400, 'QUERY_FAILED'],
    [
      'wrong method',
      postEvent('/query_posts', { sql: 'SELECT 1' }, { httpMethod: 'DELETE' }),
      405,
      'METHOD_NOT_ALLOWED',
    ],
  ])('%s -> %d %s', async (_name, event, status, code) => {
    const response = await tool.handler(event);
    expect(response.response.httpStatusCode).toBe(status);
    expect(response.response.apiPath).toBe(event.apiPath);
    expect(body(response).error).toMatchObject({ code, message: expect.any(String) });
  });

  it('never throws, even for a malformed event or a broken configuration', async () => {
    const garbage = await tool.handler({} as BedrockAgentEvent);
    expect(garbage.response.httpStatusCode).toBe(404);
    const broken = createToolHandler(() => loadToolLambdaConfig({ QUERY_MAX_ROWS: 'lots' }));
    const response = await broken.handler(postEvent('/query_posts', { sql: 'SELECT 1' }));
    expect(response.response.httpStatusCode).toBe(503);
    expect(body(response).error.code).toBe('INVALID_CONFIG');
    const missingLake = createToolHandler(() =>
      loadToolLambdaConfig({ INSTALAKE_HOME: join(dir, 'nowhere'), LOG_LEVEL: 'SILENT' }),
    );
    const noLake = await missingLake.handler(postEvent('/query_posts', { sql: 'SELECT 1' }));
    expect(body(noLake).error.code).toBe('LAKE_UNAVAILABLE');
    await missingLake.dispose();
  });

  it('logs one line per request with the Lambda request id and the service name the stack sets', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
    const logged = createToolHandler(() =>
      loadToolLambdaConfig({ INSTALAKE_HOME: dir, POWERTOOLS_SERVICE_NAME: 'instalake-tools-dev' }),
    );
    try {
      const context = { awsRequestId: 'req-7', functionName: 'tools', getRemainingTimeInMillis: () => 50_000 };
      await logged.handler(postEvent('/query_posts', { sql: 'SELECT 1 AS one' }), context as never);
    } finally {
      spy.mockRestore();
      await logged.dispose();
    }
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'tool request');
    expect(line).toMatchObject({
      service: 'instalake-tools-dev',
      function_request_id: 'req-7',
      apiPath: '/query_posts',
      status: 200,
      rows: 1,
    });
  });
});
