import { PROFILE_CITY_AGGREGATE_SQL } from '@instalake/lake-schema';
import type { Filters } from '../plan/plan';
import { compileAggregate, compilePeers, compileTopPosts, compileTrend } from './compile-plan';
import { sqlDate, sqlString } from './literals';

const ALL: Filters = { window: { kind: 'all' } };

describe('compiled SQL', () => {
  it('puts question text only into escaped literals', () => {
    const hostile = "x'); DROP TABLE posts; --";
    const sql = compileTopPosts(
      {
        op: 'top-posts',
        filters: { ...ALL, creators: [hostile], topics: [{ label: hostile, terms: [hostile] }], hashtags: [hostile] },
        measure: 'likes',
        order: 'desc',
        limit: 10,
      },
      '2026-06-30',
    ).sql;
    expect(sql).toContain(sqlString(hostile));
    expect(sql).not.toContain("x'); DROP");
    // Topic terms lose everything but letters, digits, spaces and hyphens before they reach a pattern.
    expect(sql).toContain("contains(lower(caption), 'x')");
    expect(
      compilePeers({ op: 'peers', filters: ALL, handle: "a'b", measure: 'engagement' }, '2026-06-30').sql,
    ).toContain("'a''b'");
  });

  it('bounds limits and refuses malformed dates', () => {
    const sql = compileTopPosts(
      { op: 'top-posts', filters: ALL, measure: 'likes', order: 'desc', limit: 10_000 },
      '2026-06-30',
    ).sql;
    expect(sql).toMatch(/LIMIT 50\b/);
    expect(() => sqlDate("2026-01-01' OR 1=1")).toThrow(RangeError);
    expect(() =>
      compileTopPosts(
        {
          op: 'top-posts',
          filters: { window: { kind: 'range', from: '2026-02-30', to: '2026-03-01' } },
          measure: 'likes',
          order: 'desc',
          limit: 5,
        },
        '2026-06-30',
      ),
    ).toThrow(RangeError);
  });

  it('resolves rolling windows from the anchor day and trends against the window before', () => {
    const trend = compileTrend(
      {
        op: 'trend',
        filters: { window: { kind: 'rolling', days: 7, endsDaysAgo: 0 } },
        dimension: 'hashtag',
        measure: 'post_count',
        order: 'desc',
        limit: 10,
      },
      '2026-06-30',
    );
    expect(trend.window).toEqual({ from: '2026-06-24', to: '2026-06-30', days: 7 });
    expect(trend.previousWindow).toEqual({ from: '2026-06-17', to: '2026-06-23', days: 7 });
    expect(() =>
      compileTrend(
        { op: 'trend', filters: ALL, dimension: 'hashtag', measure: 'post_count', order: 'desc', limit: 10 },
        '2026-06-30',
      ),
    ).toThrow(/bounded window/);
  });

  it('uses one definition of engagement, hashtags and city membership', () => {
    const sql = compileAggregate(
      {
        op: 'aggregate',
        filters: { ...ALL, cities: ['Denver'] },
        measure: 'engagement',
        aggregation: 'sum',
        by: 'hashtag',
        order: 'desc',
        limit: 10,
      },
      '2026-06-30',
    ).sql;
    expect(sql).toContain(
      'CASE WHEN p.likes IS NULL THEN NULL ELSE p.likes + coalesce(p.comments, 0) END AS engagement',
    );
    expect(sql).toContain("regexp_extract_all(lower(p.caption), '#([\\p{L}\\p{N}_]+)', 1)");
    expect(sql).toContain("city IN ('Denver')");
    expect(sql).toContain('coalesce(pr.city, p.canonical_city) AS city');
    expect(sql).toContain(PROFILE_CITY_AGGREGATE_SQL);
  });
});
