import { ScriptedSqlTool } from '../ports/sql-tool';
import { GetTrendsTool } from './get-trends-tool';
import { GuardedSqlTool } from './guarded-sql-tool';
import { SearchPostsKnowledgeSearch } from './search-posts-knowledge';
import { SqlKeywordSearch } from './sql-keyword-search';

describe('tool adapters', () => {
  it('GuardedSqlTool turns the guard result rows into records with scalar values', async () => {
    const seen: string[] = [];
    const tool = new GuardedSqlTool({
      execute: async (sql) => {
        seen.push(sql);
        return {
          columns: ['a', 'b', 'c'],
          data: [
            [1, 'x', [1, 2]],
            [null, 'y', { k: 1 }],
          ],
          row_count: 2,
          truncated: true,
          source: 'local',
        };
      },
    });
    expect(await tool.run('SELECT 1')).toEqual({
      columns: ['a', 'b', 'c'],
      rows: [
        { a: 1, b: 'x', c: '[1,2]' },
        { a: null, b: 'y', c: '{"k":1}' },
      ],
      truncated: true,
    });
    expect(seen).toEqual(['SELECT 1']);
  });

  it('GetTrendsTool maps the use case report and passes the window through', async () => {
    const requests: unknown[] = [];
    const tool = new GetTrendsTool({
      execute: async (request) => {
        requests.push(request);
        return {
          city: 'San Francisco',
          cityAliases: ['sf'],
          window: { from: '2024-05-25', to: '2024-05-31', days: 7 },
          previousWindow: { from: '2024-05-18', to: '2024-05-24' },
          hashtags: [
            {
              tag: '#brunch',
              posts: 4,
              accounts: 2,
              totalEngagement: 400,
              avgEngagement: null,
              hiddenLikesPosts: 4,
              previousPosts: 2,
              growthPct: 100,
            },
          ],
          patterns: [
            { kind: 'caption_length', value: 'short', posts: 3, avgEngagement: 90, score: 80 },
            { kind: 'weekday', value: 'Monday', posts: 1, avgEngagement: null, score: null },
          ],
          dataPoints: 12,
          accounts: 3,
          previousDataPoints: 8,
          hiddenLikesExcluded: 4,
          avgEngagement: 70,
          confidence: 'MEDIUM',
          definitions: {},
        };
      },
    });
    const report = await tool.get({ city: 'San Francisco', days: 7, asOf: '2024-05-31' });
    expect(requests).toEqual([{ city: 'San Francisco', days: 7, asOf: '2024-05-31' }]);
    expect(report.hashtags[0]).toEqual({
      tag: '#brunch',
      posts: 4,
      accounts: 2,
      totalEngagement: 400,
      avgEngagement: 0,
      growthPct: 100,
    });
    expect(report.patterns).toEqual([{ kind: 'caption length', value: 'short', posts: 3, avgEngagement: 90 }]);
    expect(report.dataPoints).toBe(12);
  });

  it('SearchPostsKnowledgeSearch asks for extra hits to fill the limit after leaving out seen posts', async () => {
    const queries: unknown[] = [];
    const results = ['p1', 'p2', 'p3', 'p4'].map((id, i) => ({
      post_id: id,
      score: 4 - i,
      snippet: `s${id}`,
      uri: `file:///posts/${id}.txt`,
      metadata: { post_id: id, creator: 'joe', hashtags: [], post_url: `https://ig/${id}` },
    }));
    const search = new SearchPostsKnowledgeSearch({
      execute: async (q) => {
        queries.push(q);
        return { query: q.text, filters: {}, results };
      },
    });
    const hits = await search.search('pasta', { city: 'New York', excludePostIds: ['p1', 'p3'] }, 2);
    expect(queries).toEqual([{ text: 'pasta', city: 'New York', limit: 4 }]);
    expect(hits.map((h) => h.postId)).toEqual(['p2', 'p4']);
    expect(hits[0]).toEqual({
      postId: 'p2',
      creator: 'joe',
      score: 3,
      snippet: 'sp2',
      uri: 'file:///posts/p2.txt',
      postUrl: 'https://ig/p2',
    });
  });

  it('SqlKeywordSearch escapes its literals and reads the rows back', async () => {
    const sql = new ScriptedSqlTool().on(/scored AS/, [
      { post_id: 'p1', creator: '@a', post_url: 'u', score: 2, snippet: 'x' },
    ]);
    const hits = await new SqlKeywordSearch(sql).search("o'brien pasta", { excludePostIds: ["x'1"], city: 'NYC' }, 5);
    expect(hits).toEqual([{ postId: 'p1', creator: '@a', score: 1, snippet: 'x', postUrl: 'u' }]);
    expect(sql.statements[0]).toContain("'x''1'");
    expect(sql.statements[0]).toContain("city IN ('New York')");
    expect(sql.statements[0]).not.toMatch(/o'brien/);
  });
});

describe('CachingSqlTool', () => {
  it('reuses identical statements within the TTL, re-runs after it, and never caches failures', async () => {
    const { ManualClock } = await import('../ports/clock');
    const { CachingSqlTool } = await import('./caching-sql-tool');
    const clock = new ManualClock(new Date('2024-01-01T00:00:00Z'));
    let fail = true;
    const inner = new ScriptedSqlTool()
      .on(/boom/, () => {
        if (fail) throw new Error('boom');
        return [{ ok: 1 }];
      })
      .on(/./, [{ n: 1 }]);
    const tool = new CachingSqlTool(inner, clock, { ttlMs: 1000 });
    await Promise.all([tool.run('SELECT 1'), tool.run('SELECT 1')]);
    await tool.run('SELECT 1');
    expect(inner.statements).toEqual(['SELECT 1']);
    clock.advance(1001);
    await tool.run('SELECT 1');
    expect(inner.statements).toHaveLength(2);
    await expect(tool.run('SELECT boom')).rejects.toThrow('boom');
    fail = false;
    await expect(tool.run('SELECT boom')).resolves.toMatchObject({ rows: [{ ok: 1 }] });
  });
});

describe('result caches follow the data version', () => {
  it('CachingSqlTool re-runs a statement once the snapshot generation changes, and evicts the oldest entry first', async () => {
    const { ManualClock } = await import('../ports/clock');
    const { CachingSqlTool } = await import('./caching-sql-tool');
    let generation = 1;
    const inner = new ScriptedSqlTool().on(/./, [{ n: 1 }]);
    const tool = new CachingSqlTool(inner, new ManualClock(new Date('2024-01-01T00:00:00Z')), {
      generation: () => generation,
      maxEntries: 2,
    });
    await tool.run('SELECT 1');
    await tool.run('SELECT 1');
    generation = 2;
    await tool.run('SELECT 1');
    expect(inner.statements).toEqual(['SELECT 1', 'SELECT 1']);
    await tool.run('SELECT 2');
    await tool.run('SELECT 3'); // evicts generation 2's SELECT 1
    await tool.run('SELECT 1');
    expect(inner.statements).toEqual(['SELECT 1', 'SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 1']);
  });

  it('CachingTrendsTool shares one report per city (any case), window length and as-of day', async () => {
    const { ManualClock } = await import('../ports/clock');
    const { CachingTrendsTool } = await import('./caching-trends-tool');
    const { InMemoryTrendsTool } = await import('../ports/trends-tool');
    const inner = new InMemoryTrendsTool({});
    const tool = new CachingTrendsTool(inner, new ManualClock(new Date('2024-01-01T00:00:00Z')));
    await Promise.all([
      tool.get({ city: 'San Francisco', days: 7, asOf: '2024-05-31' }),
      tool.get({ city: 'san francisco', days: 7, asOf: '2024-05-31' }),
    ]);
    await tool.get({ city: 'San Francisco', days: 30, asOf: '2024-05-31' });
    await tool.get({ city: 'San Francisco', days: 7, asOf: '2024-06-01' });
    expect(inner.queries.map((q) => `${q.days}/${q.asOf}`)).toEqual(['7/2024-05-31', '30/2024-05-31', '7/2024-06-01']);
  });
});
