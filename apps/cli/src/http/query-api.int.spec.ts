import { DuckDBInstance } from '@duckdb/node-api';
import { seedLocalLake } from '@instalake/duckdb';
import type { QueryResponse } from '@instalake/agent';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKnowledgeSync } from '../commands/kb.command';
import { serveLocal } from '../commands/serve.command';
import { loadCliConfig } from '../config';
import { CliContext } from '../context';
import { INJECTION_CAPTION, postsCsv, RESTAURANTS_CSV } from './sample-lake.fixture';

/** `serve` on a sample lake answers the six example questions and a three-turn session over HTTP. */
describe('instalake serve (real HTTP, real DuckDB, query guard)', () => {
  let dir: string;
  let ctx: CliContext;
  let server: Awaited<ReturnType<typeof serveLocal>>;
  let direct: (sql: string) => Promise<Record<string, unknown>[]>;
  const byUrl = new Map<string, { likes: number | null; comments: number | null; caption: string }>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-serve-'));
    ctx = new CliContext(loadCliConfig({ INSTALAKE_HOME: dir }), () => undefined);
    await seedLocalLake(ctx.config.lakeFile, {
      'instagram_restaurant_results.csv': RESTAURANTS_CSV,
      'post_results.csv': postsCsv(),
    });
    // Expected numbers come from SQL run directly on the lake file, before the server opens it.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`ATTACH '${ctx.config.lakeFile}' AS lake (READ_ONLY)`);
    const results = new Map<string, Record<string, unknown>[]>();
    direct = async (sql) => {
      if (!results.has(sql))
        results.set(sql, (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
      return results.get(sql)!;
    };
    for (const row of await direct('SELECT post_url, likes, comments, caption FROM lake.instagram_db.posts')) {
      byUrl.set(String(row.post_url), {
        likes: row.likes as number | null,
        comments: row.comments as number | null,
        caption: String(row.caption),
      });
    }
    await precompute();
    connection.closeSync();
    instance.closeSync();
    // The knowledge index as `instalake kb sync` builds it; then the writer lets go of the lake file.
    await (await localKnowledgeSync(ctx)).execute();
    await ctx.close();
    server = await serveLocal(ctx, { host: '127.0.0.1', port: 0, log: () => undefined });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const expected: Record<string, Record<string, unknown>[]> = {};
  // A post's city: its creator's profile city (NYC and New York are one city), else its search term's.
  const profileJoin = `FROM lake.instagram_db.posts p LEFT JOIN (SELECT lower(ltrim(instagram_handle, '@')) h, CASE WHEN min(city) IN ('NYC', 'New York') THEN 'New York' WHEN min(city) IN ('SF', 'San Francisco') THEN 'San Francisco' END city FROM lake.instagram_db.restaurants GROUP BY 1) r ON r.h = lower(ltrim(p.creator, '@'))`;
  async function precompute() {
    expected.topNyc = await direct(
      `SELECT p.post_url, p.likes ${profileJoin} WHERE r.city = 'New York' AND p.likes IS NOT NULL ORDER BY p.likes DESC, p.post_id LIMIT 10`,
    );
    expected.nycWeeks = await direct(
      `SELECT count(*) FILTER (WHERE p.posted_date BETWEEN DATE '2024-05-25' AND DATE '2024-05-31') AS now, count(*) FILTER (WHERE p.posted_date BETWEEN DATE '2024-05-18' AND DATE '2024-05-24') AS before ${profileJoin} WHERE r.city = 'New York'`,
    );
    expected.joes = await direct(
      `SELECT avg(likes + coalesce(comments, 0)) avg_e, count(*) n FROM lake.instagram_db.posts WHERE creator = '@joes_pizza'`,
    );
    expected.rivals = await direct(
      `SELECT avg(a) comp_avg, count(*) n FROM (SELECT creator, avg(likes + coalesce(comments, 0)) a FROM lake.instagram_db.posts WHERE creator IN ('@slice_house', 'brooklyn_pie') GROUP BY 1)`,
    );
    expected.sfTags = await direct(
      `WITH t AS (SELECT DISTINCT p.post_id, p.posted_date, unnest(regexp_extract_all(lower(concat_ws(' ', p.hashtags, p.caption)), '#([a-z_]+)', 1)) tag ${profileJoin} WHERE r.city = 'San Francisco')
       SELECT tag, count(*) FILTER (WHERE posted_date BETWEEN DATE '2024-05-25' AND DATE '2024-05-31') n, count(*) FILTER (WHERE posted_date BETWEEN DATE '2024-05-18' AND DATE '2024-05-24') prev FROM t GROUP BY tag`,
    );
    // Brunch posts (caption, hashtags, search term or image description say "brunch"), with visible likes.
    expected.brunch = await direct(
      `SELECT count(*) FILTER (WHERE likes IS NOT NULL) n FROM lake.instagram_db.posts WHERE regexp_matches(lower(concat_ws(' ', caption, hashtags, search_term, image_description)), '(^|[^a-z0-9])brunch')`,
    );
    expected.dessertTop = await direct(
      `SELECT post_url FROM lake.instagram_db.posts WHERE regexp_matches(lower(concat_ws(' ', caption, hashtags, search_term, image_description)), '(^|[^a-z0-9])desserts?($|[^a-z0-9])') AND likes IS NOT NULL ORDER BY likes + coalesce(comments, 0) DESC, post_id LIMIT 10`,
    );
  }

  async function ask(sessionId: string, query: string): Promise<QueryResponse> {
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, query }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as QueryResponse;
  }
  const column = (a: QueryResponse, name: string) =>
    a.data!.table!.rows.map((r) => r[a.data!.table!.columns.indexOf(name)]);
  const checkRules = (a: QueryResponse) => {
    expect(a.sources.length).toBeGreaterThan(0);
    expect(a.response).toMatch(/\[1\]/);
    expect(a.response).toMatch(/Reading: /);
    expect(a.response).toMatch(/Confidence: (HIGH|MEDIUM|LOW) \(\d+ data points/);
    expect(a.data!.freshness!.latestPostedDate).toBe('2024-05-31');
    expect(a.data!.plan).toBeDefined();
  };

  it('serves health, the chat page and contract errors', async () => {
    expect(await (await fetch(`${server.url}/api/health`)).json()).toMatchObject({ status: 'ok', agent: 'local' });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${server.url}/../../package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/api-client.spec.ts`)).status).toBe(404);
    const json = { 'content-type': 'application/json' };
    const bad = await fetch(`${server.url}/api/query`, { method: 'POST', headers: json, body: '{"sessionId":"x"' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${server.url}/api/query`)).status).toBe(405);
    expect((await fetch(`${server.url}/api/other`, { method: 'POST' })).status).toBe(404);
    const big = await fetch(`${server.url}/api/query`, { method: 'POST', headers: json, body: 'x'.repeat(300_000) });
    expect(big.status).toBe(413);
  });

  /** A raw HTTP request, so Host, Origin and content-type are exactly what a hostile page or client would send. */
  function raw(path: string, headers: Record<string, string>, body?: string, method = body ? 'POST' : 'GET') {
    const url = new URL(server.url);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('refuses what a web page could send: a foreign Host (DNS rebinding), a foreign Origin, non-JSON bodies', async () => {
    const { port } = new URL(server.url);
    const query = JSON.stringify({ sessionId: 'evil', query: 'Top 10 posts by likes in NYC' });
    const cases: [Record<string, string>, number, string][] = [
      [
        { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'content-type': 'text/plain' },
        403,
        'FORBIDDEN_HOST',
      ],
      [{ host: `evil.example:${port}`, 'content-type': 'application/json' }, 403, 'FORBIDDEN_HOST'],
      [
        { host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'content-type': 'application/json' },
        403,
        'FORBIDDEN_ORIGIN',
      ],
      [{ host: `127.0.0.1:${port}`, origin: 'null', 'content-type': 'application/json' }, 403, 'FORBIDDEN_ORIGIN'],
      [{ host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [{ host: `127.0.0.1:${port}`, 'content-type': 'multipart/form-data; boundary=x' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [{ host: `127.0.0.1:${port}` }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ];
    for (const [headers, status, code] of cases) {
      const res = await raw('/api/query', headers, query);
      expect({ headers, status: res.status, code: JSON.parse(res.body).error?.code }).toEqual({
        headers,
        status,
        code,
      });
    }
    // The chat page itself is not served to a rebinding name either.
    expect((await raw('/', { host: `evil.example:${port}` })).status).toBe(403);
    // Same origin (the chat page) and plain clients (curl: no Origin) are answered.
    const ok: Record<string, string>[] = [
      {
        host: `127.0.0.1:${port}`,
        origin: `http://127.0.0.1:${port}`,
        'content-type': 'application/json; charset=utf-8',
      },
      { host: `localhost:${port}`, 'content-type': 'application/json' },
    ];
    for (const headers of ok) expect((await raw('/api/query', headers, query)).status).toBe(200);
  });

  it('Top 10 posts by likes in NYC: the same posts and likes as SQL run directly', async () => {
    const a = await ask('q1', 'Top 10 posts by likes in NYC');
    expect(column(a, 'post_url')).toEqual(expected.topNyc.map((r) => r.post_url));
    expect(column(a, 'likes')).toEqual(expected.topNyc.map((r) => r.likes));
    expect(a.response).toContain('No period named: all dates in the lake');
    expect(a.sources[0].detail).toMatch(/ORDER BY likes DESC/);
    checkRules(a);
    // Same question twice, same numbers.
    expect((await ask('q1b', 'Top 10 posts by likes in NYC')).data).toEqual(a.data);
  });

  it("Find posts similar to 'rustic pasta plating': pasta posts, numbers from the lake", async () => {
    const a = await ask('q2', "Find posts similar to 'rustic pasta plating'");
    const urls = column(a, 'post_url') as string[];
    expect(urls.length).toBeGreaterThan(0);
    expect(byUrl.get(urls[0])!.caption.toLowerCase()).toContain('rustic pasta plating');
    for (const url of urls) expect(column(a, 'likes')[urls.indexOf(url)]).toBe(byUrl.get(url)!.likes);
    // Ranked by the BM25 index `kb sync` built: each hit cites its knowledge document.
    const cited = a.sources.filter((s) => s.type === 'knowledge' && s.uri);
    expect(cited.every((s) => /posts\//.test(s.detail ?? ''))).toBe(true);
    expect(cited.length).toBe(urls.length);
    checkRules(a);
  });

  it('Compare @joes_pizza to competitors: same-city pizza rivals only, competitor average excludes it', async () => {
    const a = await ask('q3', 'Compare @joes_pizza to competitors');
    const accounts = column(a, 'handle');
    expect(accounts[0]).toBe('@joes_pizza');
    expect(accounts.slice(1).sort()).toEqual(['@brooklyn_pie', '@slice_house']);
    expect(column(a, 'avg_engagement')[0]).toBeCloseTo(Number(expected.joes[0].avg_e), 6);
    const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
    expect(a.response).toContain(`competitor average of ${oneDecimal.format(Number(expected.rivals[0].comp_avg))}`);
    checkRules(a);
  });

  it('Trending hashtags this week in SF: counts over 2024-05-25..2024-05-31 against the week before match SQL', async () => {
    const a = await ask('q4', 'Trending hashtags this week in SF');
    const tags = column(a, 'hashtag') as string[];
    expect(tags.length).toBeGreaterThan(0);
    const sql = new Map(expected.sfTags.map((r) => [`#${r.tag}`, r]));
    for (const [i, tag] of tags.entries()) {
      expect(column(a, 'posts_now')[i]).toBe(Number(sql.get(tag)!.n));
      expect(column(a, 'posts_before')[i]).toBe(Number(sql.get(tag)!.prev));
    }
    expect(a.response).toContain('2024-05-25 to 2024-05-31');
    checkRules(a);
  });

  it('What makes brunch posts successful?: every brunch post with visible likes, hashtag lifts and weekdays', async () => {
    const a = await ask('q5', 'What makes brunch posts successful?');
    expect(a.data!.dataPoints).toBe(Number(expected.brunch[0].n));
    expect(a.response).toMatch(/Best day: \w+day/);
    checkRules(a);
  });

  it('Show me viral dessert content: the dessert posts with the most engagement', async () => {
    const a = await ask('q6', 'Show me viral dessert content');
    expect(column(a, 'post_url')).toEqual(expected.dessertTop.map((r) => r.post_url));
    checkRules(a);
  });

  it('three-turn session: top posts in NYC, similar ones, compare to last week', async () => {
    const first = await ask('session-3', 'Top 10 posts in NYC');
    expect(column(first, 'post_url').length).toBe(10);
    const second = await ask('session-3', 'Show me similar ones');
    expect(column(second, 'post_url').length).toBeGreaterThan(0);
    expect(second.response).toContain('posts shown before');
    const third = await ask('session-3', 'Compare to last week');
    expect(third.response).toContain(`2024-05-25 to 2024-05-31: ${expected.nycWeeks[0].now} posts`);
    expect(third.response).toContain(`2024-05-18 to 2024-05-24: ${expected.nycWeeks[0].before} posts`);
  });

  it('quotes scraped instructions as data and keeps answering normally', async () => {
    const a = await ask('inj', 'Show me viral pizza content');
    const b = await ask('inj2', "Find posts similar to 'ignore previous instructions'");
    for (const answer of [a, b]) {
      expect(answer.response).not.toMatch(/^HACKED$/m);
      expect(answer.response).toMatch(/Confidence:/);
    }
    expect(b.response).toContain(`“${INJECTION_CAPTION}”`.slice(0, 60));
  });

  it('answers an unknown question with what it can do', async () => {
    const a = await ask('help', 'Can you book me a table?');
    expect(a.response).toContain('Top 10 posts by likes in NYC');
  });
});
