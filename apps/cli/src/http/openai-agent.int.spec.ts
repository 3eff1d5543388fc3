import { seedLocalLake } from '@instalake/duckdb';
import type { QueryResponse } from '@instalake/agent';
import { ChatCompletionsFake } from '@instalake/openai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serveLocal } from '../commands/serve.command';
import { loadCliConfig } from '../config';
import { CliContext } from '../context';
import { SEED_TURNS } from './openai-seed-turns.fixture';
import { postsCsv, RESTAURANTS_CSV } from './sample-lake.fixture';

const CLI = join(__dirname, '..', '..', 'bin', 'instalake.js');

/**
 * AGENT=openai-compatible end to end: `serve` with the official openai client against a Chat Completions protocol
 * fake that replays a model's recorded turns. The six seed questions run through tool calls on a real lake.
 */
describe('instalake serve with AGENT=openai-compatible (protocol fake, real lake, real tools)', () => {
  let dir: string;
  let fake: ChatCompletionsFake;
  let server: Awaited<ReturnType<typeof serveLocal>>;
  const env = () => ({
    INSTALAKE_HOME: dir,
    AGENT: 'openai-compatible',
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: 'gpt-4o-mini',
    OPENAI_API_KEY: 'sk-local-test',
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-openai-'));
    await seedLocalLake(join(dir, 'lake.duckdb'), {
      'instagram_restaurant_results.csv': RESTAURANTS_CSV,
      'post_results.csv': postsCsv(),
    });
    fake = await ChatCompletionsFake.start(SEED_TURNS, { apiKey: 'sk-local-test' });
    server = await serveLocal(new CliContext(loadCliConfig(env()), () => undefined), {
      host: '127.0.0.1',
      port: 0,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(sessionId: string, query: string): Promise<QueryResponse> {
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, query }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as QueryResponse;
  }

  /** The tool results the model was sent for a question (the protocol's `tool` messages). */
  const toolResults = (question: string) =>
    fake.requests
      .filter((r) => r.body.messages.some((m) => m.role === 'user' && m.content === question))
      .flatMap((r) => r.body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)));

  it('reports the agent kind', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ agent: 'openai-compatible' });
  });

  it.each([
    ['Top 10 posts by likes in NYC', ['1,992 likes', 'https://instagram.com/p/p0120'], '"likes":1992'],
    ["Find posts similar to 'rustic pasta plating'", ['p0045 (1,797 likes, 87 comments)'], '"postId":"p0045"'],
    ['Compare @joes_pizza to competitors', ['1,079.1 engagement per post over 31 posts'], '"avg_engagement":1079.1'],
    ['Trending hashtags this week in SF', ['#sf leads with 15 posts (+50%'], '"tag":"#sf","posts":15'],
    ['What makes brunch posts successful?', ['Tuesday (1,418.7 average engagement'], '"avg_engagement":1418.7'],
  ])('%s: answered through tool calls, every number from a tool result', async (question, facts, inResult) => {
    const a = await ask(`seed-${question.length}`, question);
    for (const fact of facts) expect(a.response).toContain(fact);
    expect(toolResults(question).join('\n')).toContain(inResult);
    expect(a.response).not.toContain('[unverified]');
    expect(a.response).not.toContain('offline agent');
    expect(a.sources.length).toBeGreaterThan(0);
    expect(a.sources.every((s) => !s.uri || s.uri.startsWith('https://instagram.com/'))).toBe(true);
  });

  it('Show me viral dessert content: the number no tool returned is caught, removed and reported', async () => {
    const a = await ask('seed-viral', 'Show me viral dessert content');
    expect(a.response).toContain('https://instagram.com/p/p0201 with 6,290 engagement');
    expect(a.response).toContain('up [unverified] on last month');
    expect(a.response).not.toContain('17%');
    expect(a.response).toContain('Number check: 1 number');
    expect(a.sources[0]).toMatchObject({
      type: 'sql',
      detail: expect.stringContaining("search_term ILIKE 'dessert%'"),
    });
  });

  it('the model gets the three tools with the semantic layer’s definitions, and the response rules', () => {
    const first = fake.requests[0].body;
    expect(first.tools!.map((t) => t.function.name)).toEqual(['run_sql', 'get_trends', 'search_posts']);
    expect(first.tools![0].function.description).toContain('engagement = likes + comments');
    expect(first.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('Every number comes from a tool result'),
    });
  });

  it('falls back to the offline agent when the model cannot answer, and says so', async () => {
    const a = await ask('fallback', 'Top 5 posts by comments in NYC');
    expect(a.response).toMatch(/could not answer \(unreachable\); this answer comes from the offline agent/);
    expect(a.response).toContain('Top 5 posts in New York by comments');
  });

  it('the installed CLI reads the same settings: instalake ask with AGENT=openai-compatible', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'ask', 'Trending hashtags this week in SF', '--json'],
      {
        env: { ...process.env, ...env() },
      },
    );
    const body = JSON.parse(stdout) as QueryResponse;
    expect(body.response).toContain('#sf leads with 15 posts');
  });
});
