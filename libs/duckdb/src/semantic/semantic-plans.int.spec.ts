import { DuckDBInstance } from '@duckdb/node-api';
import { GuardedSqlTool, type SqlRow, withSemanticViews } from '@instalake/agent';
import { GuardSql } from '@instalake/query-guard';
import {
  compileAggregate,
  compileCompareAccounts,
  compileDrivers,
  compilePeers,
  compilePostLookup,
  compileProfile,
  compileRankAccounts,
  compileShare,
  compileTopPosts,
  compileTrend,
  type Filters,
  readVocabulary,
  VOCABULARY_PAGE_SIZE,
  vocabularyPageSql,
  type Window,
} from '@instalake/semantic';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbQueryExecutor } from '../query/duckdb-query-executor';
import { DuckDbQuerySandbox } from '../query/duckdb-query-sandbox';
import { DuckDbSqlParser } from '../query/duckdb-sql-parser';
import { seedLocalLake } from '../query/seed-local-lake';
import { LATEST_DAY, postsCsv, RESTAURANTS_CSV } from './plain-language-lake.fixture';

/**
 * Every operation of the semantic layer compiled to SQL, run through the query guard in the read-only sandbox, and
 * checked against SQL written by hand and run directly on the same lake file.
 */
describe('semantic plans on DuckDB: compiled SQL through the guard = SQL run directly', () => {
  let dir: string;
  let sandbox: DuckDbQuerySandbox;
  let tool: GuardedSqlTool;
  let instance: DuckDBInstance;
  let direct: (sql: string) => Promise<Record<string, unknown>[]>;
  const run = async (q: { sql: string }): Promise<SqlRow[]> => (await tool.run(q.sql)).rows;
  const anchor = LATEST_DAY;
  const ALL: Window = { kind: 'all' };
  const WEEK: Window = { kind: 'rolling', days: 7, endsDaysAgo: 0 };
  const MONTH: Window = { kind: 'rolling', days: 30, endsDaysAgo: 0 };

  // The same definitions, written out by hand: profile city (one row per handle, most followers), else search term.
  const BASE = `WITH prof AS (
    SELECT lower(ltrim(trim(instagram_handle), '@')) h,
           arg_max(CASE lower(city) WHEN 'atx' THEN 'Austin' WHEN 'austin' THEN 'Austin' WHEN 'denver' THEN 'Denver'
                                    WHEN 'pdx' THEN 'Portland' WHEN 'portland' THEN 'Portland' END, followers_count) city,
           max(followers_count) followers, arg_max(posts_count, followers_count) posts_count
    FROM lake.instagram_db.restaurants GROUP BY 1),
  p AS (
    SELECT x.*, lower(ltrim(trim(x.creator), '@')) h, x.likes + coalesce(x.comments, 0) eng,
           coalesce(prof.city, CASE WHEN x.search_term LIKE '%austin%' THEN 'Austin' WHEN x.search_term LIKE '%denver%' THEN 'Denver'
                                    WHEN x.search_term LIKE '%portland%' THEN 'Portland' END) city
    FROM lake.instagram_db.posts x LEFT JOIN prof ON prof.h = lower(ltrim(trim(x.creator), '@')))`;
  const days = (n: number) =>
    `posted_date BETWEEN DATE '${LATEST_DAY}' - INTERVAL ${n - 1} DAY AND DATE '${LATEST_DAY}'`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-semantic-'));
    const file = join(dir, 'lake.duckdb');
    await seedLocalLake(file, { 'instagram_restaurant_results.csv': RESTAURANTS_CSV, 'post_results.csv': postsCsv() });
    // A snapshot sandbox detaches the lake file, so the direct reader below can open it too.
    sandbox = await DuckDbQuerySandbox.open({
      catalog: new LocalCatalog(file),
      threads: 1,
      memoryLimit: '256MB',
      snapshotDirectory: join(dir, 'snapshots'),
    });
    tool = new GuardedSqlTool(new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox)));
    instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`ATTACH '${file}' AS lake (READ_ONLY)`);
    direct = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  });
  afterAll(async () => {
    sandbox?.close();
    instance?.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

  it('top posts: same posts, likes and sample as SQL', async () => {
    const rows = await run(
      compileTopPosts(
        { op: 'top-posts', filters: { cities: ['Austin'], window: WEEK }, measure: 'likes', order: 'desc', limit: 5 },
        anchor,
      ),
    );
    const want = await direct(
      `${BASE} SELECT post_id, likes FROM p WHERE city = 'Austin' AND ${days(7)} AND likes IS NOT NULL ORDER BY likes DESC, post_id LIMIT 5`,
    );
    expect(rows.map((r) => r.post_id)).toEqual(want.map((r) => r.post_id));
    expect(rows.map((r) => n(r.likes))).toEqual(want.map((r) => n(r.likes)));
    const [stats] = await direct(
      `${BASE} SELECT count(*) n, avg(likes) a, count(*) FILTER (WHERE likes IS NULL) hidden FROM p WHERE city = 'Austin' AND ${days(7)}`,
    );
    expect(n(rows[0].n_posts)).toBe(n(stats.n));
    expect(n(rows[0].avg_value)).toBeCloseTo(n(stats.a)!, 6);
    expect(n(rows[0].n_missing)).toBe(n(stats.hidden));
  });

  it('latest posts: by date, newest first', async () => {
    const rows = await run(
      compileTopPosts(
        {
          op: 'top-posts',
          filters: { cities: ['Denver'], window: ALL },
          measure: 'engagement',
          order: 'desc',
          limit: 4,
          sort: 'recent',
        },
        anchor,
      ),
    );
    const want = await direct(
      `${BASE} SELECT post_id FROM p WHERE city = 'Denver' ORDER BY posted_date DESC, post_id LIMIT 4`,
    );
    expect(rows.map((r) => r.post_id)).toEqual(want.map((r) => r.post_id));
  });

  it('accounts by followers: one profile per handle, cities from any spelling', async () => {
    const rows = await run(
      compileRankAccounts(
        {
          op: 'rank-accounts',
          filters: { cities: ['Portland'], window: ALL },
          measure: 'followers',
          order: 'desc',
          limit: 10,
        },
        anchor,
      ),
    );
    const want = await direct(
      `${BASE} SELECT h, followers FROM prof WHERE city = 'Portland' ORDER BY followers DESC, h`,
    );
    expect(rows.map((r) => [r.handle, n(r.followers)])).toEqual(want.map((r) => [r.h, n(r.followers)]));
    expect(rows[0]).toMatchObject({ handle: 'pearl.brunch', followers_text: '361K' });
  });

  it('aggregates: average per city, counts by topic and hashtag, sums over a window', async () => {
    const byCity = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { window: ALL },
          measure: 'likes',
          aggregation: 'avg',
          by: 'city',
          order: 'desc',
          limit: 100,
        },
        anchor,
      ),
    );
    const wantCity = await direct(`${BASE} SELECT city, avg(likes) a, count(*) n FROM p GROUP BY city ORDER BY a DESC`);
    expect(byCity.map((r) => [r.key, n(r.n_posts)])).toEqual(wantCity.map((r) => [r.city, n(r.n)]));
    byCity.forEach((r, i) => expect(n(r.value)).toBeCloseTo(n(wantCity[i].a)!, 6));

    const [pho] = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { window: ALL, topics: [{ label: 'pho', terms: ['pho'] }] },
          measure: 'post_count',
          aggregation: 'count',
          order: 'desc',
          limit: 1,
        },
        anchor,
      ),
    );
    const [wantPho] = await direct(
      `SELECT count(*) n FROM lake.instagram_db.posts WHERE regexp_matches(lower(concat_ws(' ', caption, hashtags, search_term, image_description)), '(^|[^a-z])pho($|[^a-z])')`,
    );
    expect(n(pho.overall_value)).toBe(n(wantPho.n));

    const [sum] = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { cities: ['Denver'], window: MONTH },
          measure: 'engagement',
          aggregation: 'sum',
          order: 'desc',
          limit: 1,
        },
        anchor,
      ),
    );
    const [wantSum] = await direct(
      `${BASE} SELECT sum(eng) s, count(*) n FROM p WHERE city = 'Denver' AND ${days(30)}`,
    );
    expect([n(sum.overall_value), n(sum.overall_posts)]).toEqual([n(wantSum.s), n(wantSum.n)]);

    const tags = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { window: ALL },
          measure: 'post_count',
          aggregation: 'count',
          by: 'hashtag',
          order: 'desc',
          limit: 5,
        },
        anchor,
      ),
    );
    const wantTags = await direct(
      `SELECT tag, count(DISTINCT post_id) n FROM (SELECT post_id, unnest(regexp_extract_all(lower(hashtags || ' ' || caption), '#([a-z_]+)', 1)) tag FROM lake.instagram_db.posts) GROUP BY tag ORDER BY n DESC, tag LIMIT 5`,
    );
    expect(tags.map((r) => [r.key, n(r.value)])).toEqual(wantTags.map((r) => [r.tag, n(r.n)]));

    const who = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { cities: ['Denver'], window: WEEK, hashtags: ['pumpkinspice'] },
          measure: 'post_count',
          aggregation: 'count',
          by: 'creator',
          order: 'desc',
          limit: 5,
        },
        anchor,
      ),
    );
    const wantWho = await direct(
      `${BASE} SELECT h, count(*) n FROM p WHERE city = 'Denver' AND ${days(7)} AND hashtags LIKE '%#pumpkinspice%' GROUP BY h ORDER BY n DESC, h`,
    );
    expect(who.map((r) => [r.key, n(r.value)])).toEqual(wantWho.map((r) => [r.h, n(r.n)]));

    const weekdays = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { window: ALL },
          measure: 'engagement',
          aggregation: 'avg',
          by: 'weekday',
          order: 'desc',
          limit: 100,
        },
        anchor,
      ),
    );
    const wantDays = await direct(
      `${BASE} SELECT dayname(posted_date) d, avg(eng) a FROM p GROUP BY d, isodow(posted_date) ORDER BY isodow(posted_date)`,
    );
    expect(weekdays.map((r) => r.key)).toEqual(wantDays.map((r) => r.d));
    weekdays.forEach((r, i) => expect(n(r.value)).toBeCloseTo(n(wantDays[i].a)!, 6));
  });

  it('accounts counted per city include creators without a profile (city from their search term)', async () => {
    const [count] = await run(
      compileAggregate(
        {
          op: 'aggregate',
          filters: { cities: ['Austin'], window: ALL },
          measure: 'followers',
          aggregation: 'count',
          order: 'desc',
          limit: 1,
        },
        anchor,
      ),
    );
    const [want] = await direct(
      `${BASE} SELECT count(DISTINCT h) n FROM (SELECT h FROM prof WHERE city = 'Austin' UNION SELECT h FROM p WHERE city = 'Austin')`,
    );
    expect(n(count.overall_value)).toBe(n(want.n));
  });

  it('share of the scope', async () => {
    const [share] = await run(
      compileShare(
        {
          op: 'share',
          filters: { cities: ['Austin'], window: ALL },
          part: { hashtags: ['hothoney'] },
          measure: 'post_count',
        },
        anchor,
      ),
    );
    const [want] = await direct(
      `${BASE} SELECT count(*) FILTER (WHERE hashtags LIKE '%#hothoney%') part, count(*) whole FROM p WHERE city = 'Austin'`,
    );
    expect([n(share.part_value), n(share.whole_value)]).toEqual([n(want.part), n(want.whole)]);
  });

  it('trend: growth of each hashtag against the week before', async () => {
    const rows = await run(
      compileTrend(
        {
          op: 'trend',
          filters: { cities: ['Denver'], window: WEEK },
          dimension: 'hashtag',
          measure: 'post_count',
          order: 'desc',
          limit: 5,
        },
        anchor,
      ),
    );
    expect(rows[0]).toMatchObject({ key: 'pumpkinspice' });
    const [want] = await direct(
      `${BASE} SELECT count(*) FILTER (WHERE ${days(7)}) now, count(*) FILTER (WHERE posted_date BETWEEN DATE '${LATEST_DAY}' - INTERVAL 13 DAY AND DATE '${LATEST_DAY}' - INTERVAL 7 DAY) prev
       FROM p WHERE city = 'Denver' AND hashtags LIKE '%#pumpkinspice%'`,
    );
    expect([n(rows[0].current_value), n(rows[0].previous_value)]).toEqual([n(want.now), n(want.prev)]);
  });

  it('accounts side by side, and an account against its peers (same city, same cuisine)', async () => {
    const rows = await run(
      compileCompareAccounts(
        {
          op: 'compare-accounts',
          filters: { window: ALL },
          handles: ['bartonpizza', 'rainey_street_pies'],
          measure: 'likes',
        },
        anchor,
      ),
    );
    const want = await direct(
      `${BASE} SELECT h, avg(likes) a, any_value(prof.followers) f FROM p LEFT JOIN prof USING (h) WHERE h IN ('bartonpizza', 'rainey_street_pies') GROUP BY h ORDER BY a DESC`,
    );
    expect(rows.map((r) => r.handle)).toEqual(want.map((r) => r.h));
    rows.forEach((r, i) => {
      expect(n(r.avg_likes)).toBeCloseTo(n(want[i].a)!, 6);
      expect(n(r.followers)).toBe(n(want[i].f));
    });

    const peers = await run(
      compilePeers({ op: 'peers', filters: { window: ALL }, handle: 'bartonpizza', measure: 'engagement' }, anchor),
    );
    expect(peers.map((r) => r.handle)).toEqual(['bartonpizza', 'rainey_street_pies']);
    const [rival] = await direct(`${BASE} SELECT avg(eng) a FROM p WHERE h = 'rainey_street_pies'`);
    expect(n(peers[0].competitor_avg)).toBeCloseTo(n(rival.a)!, 6);
    // Knowing the city in advance only narrows what is aggregated, never the answer.
    const narrowed = await run(
      compilePeers({ op: 'peers', filters: { window: ALL }, handle: 'bartonpizza', measure: 'engagement' }, anchor, {
        city: 'Austin',
      }),
    );
    expect(narrowed).toEqual(peers);
  });

  it('profile: the profile snapshot and the lake’s numbers', async () => {
    const [row] = await run(
      compileProfile({ op: 'profile', filters: { window: ALL }, handle: 'pearl.brunch' }, anchor),
    );
    const [want] = await direct(`${BASE} SELECT count(*) n, avg(likes) a FROM p WHERE h = 'pearl.brunch'`);
    expect(row).toMatchObject({ name: "Pearl's Brunch & Bar", city: 'Portland', cuisine: 'brunch' });
    expect([n(row.followers), n(row.posts_count), n(row.n_posts)]).toEqual([361000, 3300, n(want.n)]);
    expect(n(row.avg_likes)).toBeCloseTo(n(want.a)!, 6);
    expect(String(row.bio)).not.toMatch(/503-555-0199/); // phone numbers stay masked in free text
  });

  it('drivers: the hashtag that lifts likes, with the lift SQL computes', async () => {
    const filters: Filters = { cities: ['Austin'], window: ALL, topics: [{ label: 'pizza', terms: ['pizza'] }] };
    const rows = await run(
      compileDrivers({ op: 'drivers', filters, measure: 'likes', factors: ['hashtag', 'weekday'] }, anchor),
    );
    const top = rows.filter((r) => r.factor === 'hashtag').sort((a, b) => n(b.relative_lift)! - n(a.relative_lift)!)[0];
    expect(top.key).toBe('hothoney');
    const [want] = await direct(
      `${BASE} SELECT avg(likes) FILTER (WHERE hashtags LIKE '%#hothoney%') / avg(likes) FILTER (WHERE hashtags NOT LIKE '%#hothoney%') lift
       FROM p WHERE city = 'Austin' AND search_term LIKE 'pizza%' AND likes IS NOT NULL`,
    );
    expect(n(top.lift)).toBeCloseTo(n(want.lift)!, 2);
    expect(rows.filter((r) => r.factor === 'weekday').length).toBeGreaterThan(0);
  });

  it('post lookup: numbers of found posts come from the lake', async () => {
    const want = await direct(`SELECT post_id, likes, post_url FROM lake.instagram_db.posts ORDER BY post_id LIMIT 3`);
    const rows = await run(
      compilePostLookup(
        want.map((r) => String(r.post_id)),
        { window: ALL },
        anchor,
      ),
    );
    expect(rows.map((r) => [r.post_id, n(r.likes), r.post_url])).toEqual(
      want.map((r) => [r.post_id, n(r.likes), r.post_url]),
    );
  });

  it("the semantic views a model's SQL reads pass the guard and give the same numbers", async () => {
    const rows = (
      await tool.run(
        withSemanticViews('SELECT city, count(*) AS n, avg(likes) AS a FROM scope GROUP BY city ORDER BY city'),
      )
    ).rows;
    const want = await direct(`${BASE} SELECT city, count(*) n, avg(likes) a FROM p GROUP BY city ORDER BY city`);
    expect(rows.map((r) => [r.city, n(r.n)])).toEqual(want.map((r) => [r.city, n(r.n)]));
    const tagged = (
      await tool.run(
        withSemanticViews(
          "WITH x AS (SELECT * FROM scope WHERE list_contains(tags, 'pumpkinspice')) SELECT count(*) AS n FROM x",
        ),
      )
    ).rows;
    const [tags] = await direct(`SELECT count(*) n FROM lake.instagram_db.posts WHERE hashtags LIKE '%#pumpkinspice%'`);
    expect(n(tagged[0].n)).toBe(n(tags.n));
  });

  it('vocabulary pages add up to the whole list, in a stable order', async () => {
    const first = (await tool.run(vocabularyPageSql('hashtags', 0))).rows[0];
    const total = n(first.total)!;
    expect(total).toBeGreaterThan(5);
    expect(JSON.parse(String(first.items))).toHaveLength(Math.min(total, VOCABULARY_PAGE_SIZE.hashtags));
    const beyond = (await tool.run(vocabularyPageSql('hashtags', 1))).rows[0];
    expect(beyond.items).toBeNull();
  });

  it('vocabulary: accounts with names, cities and cuisines, hashtags, as the parser links them', async () => {
    const vocabulary = await readVocabulary(async (sql) => (await tool.run(sql)).rows[0]);
    expect(vocabulary.accounts.find((a) => a.handle === 'wanderingchef')).toMatchObject({
      city: 'Austin',
      cuisine: 'tacos',
    });
    expect(vocabulary.accounts.find((a) => a.handle === 'rinohouseroast')).toMatchObject({
      name: 'RiNo House Roasters',
      city: 'Denver',
      cuisine: 'coffee',
    });
    expect(vocabulary.cities.map((c) => c.name).sort()).toEqual(['Austin', 'Denver', 'Portland']);
    expect(vocabulary.hashtags.map((h) => h.tag)).toEqual(expect.arrayContaining(['pumpkinspice', 'hothoney']));
    expect(vocabulary.cuisines.map((c) => c.name)).toEqual(expect.arrayContaining(['pho', 'pizza', 'tacos']));
  });
});
