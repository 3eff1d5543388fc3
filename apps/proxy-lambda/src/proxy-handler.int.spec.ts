import { seedLocalLake } from '@instalake/duckdb';
import { ChatCompletionsFake, openAiStyleChunks } from '@instalake/openai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProxyLambdaConfig } from './config';
import { httpV2Event, httpV2EventWithoutBody, restEvent } from './fixtures/events';
import { createProxyHandler, type ProxyLambda } from './proxy-handler';

const RESTAURANTS = [
  'restaurant_name,city,phone,instagram_handle,followers,posts,bio,website',
  "Joe's Pizza,New York,212-555-0101,@joes_pizza,12.5K,300,Classic slices,https://joes.example",
  'Slice House,New York,212-555-0102,@slice_house,8K,200,Pizza by the slice,https://slice.example',
  'Sweets,San Francisco,415-555-0107,@sf_sweets,15K,220,Desserts,https://sweets.example',
].join('\n');
const POSTS = [
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
  'p1,pizza nyc,@joes_pizza,2024-05-30,300,30,#pizza #nyc,Rustic pasta plating,pasta,https://instagram.com/p/p1',
  'p2,pizza nyc,@joes_pizza,2024-05-29,100,10,#pizza,Slice,slice,https://instagram.com/p/p2',
  'p3,pizza nyc,@slice_house,2024-05-31,500,50,#pizza #slice,Cheese pull,pizza,https://instagram.com/p/p3',
  'p4,pizza nyc,@slice_house,2024-05-20,50,5,#pizza,Brunch pizza,pizza,https://instagram.com/p/p4',
  'p5,dessert sf,@sf_sweets,2024-05-28,900,90,#dessert #sf,Chocolate dessert,cake,https://instagram.com/p/p5',
  'p6,dessert sf,@sf_sweets,2024-05-27,20,2,#dessert,Brunch dessert,cake,https://instagram.com/p/p6',
].join('\n');

/** The proxy Lambda with recorded API Gateway events and AGENT=local on a real lake file. */
describe('proxy Lambda (recorded API Gateway events, offline agent, real DuckDB)', () => {
  let dir: string;
  let lambda: ProxyLambda;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-proxy-'));
    await seedLocalLake(join(dir, 'lake.duckdb'), {
      'instagram_restaurant_results.csv': RESTAURANTS,
      'post_results.csv': POSTS,
    });
    lambda = createProxyHandler(() =>
      loadProxyLambdaConfig({ AGENT: 'local', INSTALAKE_HOME: dir, LOG_LEVEL: 'SILENT' }),
    );
  });
  afterAll(async () => {
    await lambda.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const body = (r: { body?: string }) => JSON.parse(r.body ?? '{}');
  const column = (table: { columns: string[]; rows: unknown[][] }, name: string) =>
    table.rows.map((row) => row[table.columns.indexOf(name)]);

  it('answers a REST (v1) event with the ranking SQL would give', async () => {
    const r = (await lambda.handler(
      restEvent('POST', '/api/query', { sessionId: 'rest-1', query: 'Top 3 posts by likes in NYC' }),
    )) as { statusCode: number; body: string };
    expect(r.statusCode).toBe(200);
    const answer = body(r);
    expect(answer.sessionId).toBe('rest-1');
    expect(column(answer.data.table, 'post_id')).toEqual(['p3', 'p1', 'p2']);
    expect(column(answer.data.table, 'likes')).toEqual([500, 300, 100]);
  });

  it('keeps a session across HTTP API (v2) events: compare to last week', async () => {
    await lambda.handler(httpV2Event('POST', '/api/query', { sessionId: 'v2-1', query: 'Top 10 posts in NYC' }));
    const r = (await lambda.handler(
      httpV2Event('POST', '/api/query', { sessionId: 'v2-1', query: 'Compare to last week' }),
    )) as { statusCode: number; body: string };
    expect(r.statusCode).toBe(200);
    expect(body(r).response).toContain('2024-05-25 to 2024-05-31: 3 posts');
    expect(body(r).response).toContain('2024-05-18 to 2024-05-24: 1 post ');
  });

  it('compares @joes_pizza with its same-city competitor', async () => {
    const r = (await lambda.handler(
      httpV2Event('POST', '/api/query', { sessionId: 'v2-2', query: 'Compare @joes_pizza to competitors' }),
    )) as { body: string };
    const table = body(r).data.table;
    expect(column(table, 'handle')).toEqual(['@joes_pizza', '@slice_house']);
    expect(column(table, 'avg_engagement')[0]).toBeCloseTo(220); // (330 + 110) / 2
  });

  it('maps contract errors: health 200, no body 400, wrong method 405, unknown route 404', async () => {
    expect(((await lambda.handler(httpV2Event('GET', '/api/health'))) as { statusCode: number }).statusCode).toBe(200);
    const noBody = (await lambda.handler(httpV2EventWithoutBody('/api/query'))) as { statusCode: number; body: string };
    expect(noBody.statusCode).toBe(400);
    expect(body(noBody).error.code).toBe('MALFORMED_JSON');
    const wrong = (await lambda.handler(restEvent('GET', '/api/query'))) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(((await lambda.handler(restEvent('POST', '/hello/world'))) as { statusCode: number }).statusCode).toBe(404);
  });

  it('answers a broken configuration with 503 INVALID_CONFIG, without the details, and retries it next time', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let env: Record<string, string> = { AGENT: 'bedrock', AGENT_ID: 'nope' };
    const broken = createProxyHandler(() => loadProxyLambdaConfig(env));
    try {
      const r = (await broken.handler(httpV2Event('GET', '/api/health'))) as { statusCode: number; body: string };
      expect(r.statusCode).toBe(503);
      expect(body(r).error).toEqual({
        code: 'INVALID_CONFIG',
        message: 'The analytics lake is not available right now; try again later.',
      });
      expect(errors.mock.calls.join(' ')).toContain('AGENT_ID must be the 10-character Bedrock agent id');
      env = { AGENT: 'local', INSTALAKE_HOME: dir, LOG_LEVEL: 'SILENT' };
      const fixed = (await broken.handler(httpV2Event('GET', '/api/health'))) as { statusCode: number };
      expect(fixed.statusCode).toBe(200);
    } finally {
      errors.mockRestore();
      await broken.dispose();
    }
  });

  it('AGENT=openai-compatible: the model answers through the tools (protocol fake), the offline agent when it fails', async () => {
    const fake = await ChatCompletionsFake.start([
      {
        user: 'most liked post',
        chunks: openAiStyleChunks({
          toolCalls: [
            {
              id: 'c1',
              name: 'run_sql',
              arguments: JSON.stringify({ sql: 'SELECT post_id, likes FROM posts ORDER BY likes DESC LIMIT 1' }),
            },
          ],
        }),
      },
      {
        user: 'most liked post',
        afterToolResults: 1,
        chunks: openAiStyleChunks({ content: 'p5 has the most likes: 900.' }),
      },
    ]);
    const llm = createProxyHandler(() =>
      loadProxyLambdaConfig({
        AGENT: 'openai-compatible',
        OPENAI_BASE_URL: fake.url,
        OPENAI_MODEL: 'm',
        INSTALAKE_HOME: dir,
        LOG_LEVEL: 'SILENT',
      }),
    );
    try {
      const answer = body(
        (await llm.handler(
          httpV2Event('POST', '/api/query', { sessionId: 'llm-1', query: 'Which is the most liked post?' }),
        )) as { body: string },
      );
      expect(answer.response).toContain('p5 has the most likes: 900.');
      expect(fake.requests[1].body.messages.at(-1)).toMatchObject({
        role: 'tool',
        content: expect.stringContaining('"likes":900'),
      });
      const fallback = body(
        (await llm.handler(
          httpV2Event('POST', '/api/query', { sessionId: 'llm-2', query: 'Top 3 posts by likes in NYC' }),
        )) as { body: string },
      );
      expect(fallback.response).toContain('this answer comes from the offline agent');
    } finally {
      await llm.dispose();
      await fake.close();
    }
  });
});
