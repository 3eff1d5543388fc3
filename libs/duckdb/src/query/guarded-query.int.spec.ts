import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuardSql, QueryRejectedError, QueryResult, QueryTimeoutError } from '@instalake/query-guard';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbQueryExecutor } from './duckdb-query-executor';
import { DuckDbQuerySandbox } from './duckdb-query-sandbox';
import { DuckDbSqlParser } from './duckdb-sql-parser';
import { asciiDigits, FIXTURE_POSTS_CSV, FIXTURE_RAW_PHONE_DIGITS, FIXTURE_RESTAURANTS_CSV } from './query-fixture';
import { seedLocalLake } from './seed-local-lake';

describe('guarded SQL on the DuckDB sandbox (real DuckDB, real lake file)', () => {
  let dir: string;
  let sandbox: DuckDbQuerySandbox;
  let guard: GuardSql;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-query-'));
    const file = join(dir, 'lake.duckdb');
    await seedLocalLake(file, {
      'post_results.csv': FIXTURE_POSTS_CSV,
      'instagram_results.csv': FIXTURE_RESTAURANTS_CSV,
    });
    sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(file), threads: 1, memoryLimit: '256MB' });
    guard = new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox), { timeoutMs: 5000 });
  });
  afterAll(async () => {
    sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function refusal(sql: string): Promise<QueryRejectedError> {
    try {
      await guard.execute(sql);
    } catch (error) {
      if (error instanceof QueryRejectedError) return error;
      throw new Error(`expected a QueryRejectedError for ${sql}, got ${String(error)}`);
    }
    throw new Error(`expected ${sql} to be refused, but it ran`);
  }

  describe('refuses hostile SQL with a specific code', () => {
    it.each([
      ['NOT_A_SELECT', 'DROP TABLE posts'],
      ['NOT_A_SELECT', 'DELETE FROM posts'],
      ['NOT_A_SELECT', "INSERT INTO posts (post_id) VALUES ('x')"],
      ['NOT_A_SELECT', "UPDATE restaurants SET phone = 'x'"],
      ['NOT_A_SELECT', 'CREATE TABLE t AS SELECT * FROM posts'],
      ['NOT_A_SELECT', "COPY restaurants TO '/tmp/stolen.csv'"],
      ['NOT_A_SELECT', "ATTACH '/tmp/other.db' AS other"],
      ['NOT_A_SELECT', 'SET enable_external_access = true'],
      ['NOT_A_SELECT', 'PRAGMA database_list'],
      ['NOT_A_SELECT', 'INSTALL httpfs'],
      ['NOT_A_SELECT', 'LOAD httpfs'],
      ['NOT_A_SELECT', "EXPORT DATABASE '/tmp/dump'"],
      ['NOT_A_SELECT', 'CALL pragma_version()'],
      ['NOT_A_SELECT', 'DESCRIBE posts'],
      ['NOT_A_SELECT', 'SHOW TABLES'],
      ['NOT_A_SELECT', 'PIVOT posts ON creator USING sum(likes)'],
      ['NOT_A_SELECT', 'DETACH lake'],
      ['NOT_A_SELECT', 'USE il_source'],
      ['NOT_A_SELECT', 'EXPLAIN SELECT * FROM posts'],
      ['MULTIPLE_STATEMENTS', 'SELECT 1; DROP TABLE posts'],
      ['MULTIPLE_STATEMENTS', 'SELECT * FROM posts; SELECT * FROM restaurants'],
      ['MULTIPLE_STATEMENTS', 'SELECT 1; SET lock_configuration = false'],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM read_csv('/etc/passwd')"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM read_text('/etc/hostname')"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM glob('/*')"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM iceberg_scan('s3://bucket/table')"],
      ['TABLE_FUNCTION_FORBIDDEN', 'SELECT count(*) FROM range(1000000000)'],
      ['TABLE_FUNCTION_FORBIDDEN', 'SELECT * FROM generate_series(1, 10)'],
      ['TABLE_FUNCTION_FORBIDDEN', 'SELECT * FROM duckdb_settings()'],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM posts, read_parquet('x.parquet')"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM query('SELECT * FROM il_source.instagram_db.restaurants')"],
      ['TABLE_FUNCTION_FORBIDDEN', "WITH x AS (SELECT * FROM read_json('http://evil.example/x.json')) SELECT * FROM x"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM pragma_table_info('posts')"],
      ['TABLE_FUNCTION_FORBIDDEN', "SELECT * FROM posts WHERE post_id IN (SELECT 1 FROM sniff_csv('/etc/passwd'))"],
      ['FILE_ACCESS_FORBIDDEN', "SELECT * FROM '/etc/passwd'"],
      ['FILE_ACCESS_FORBIDDEN', "SELECT * FROM 'https://evil.example/data.csv'"],
      ['FILE_ACCESS_FORBIDDEN', "SELECT * FROM 's3://bucket/secret.parquet'"],
      ['FILE_ACCESS_FORBIDDEN', 'SELECT * FROM "posts.csv"'],
      ['FUNCTION_FORBIDDEN', "SELECT getenv('AWS_SECRET_ACCESS_KEY')"],
      ['FUNCTION_FORBIDDEN', "SELECT current_setting('memory_limit')"],
      ['FUNCTION_FORBIDDEN', "SELECT which_secret('s3://b/k', 's3')"],
      ['FUNCTION_FORBIDDEN', "SELECT count(*) FROM posts WHERE creator = getenv('HOME')"],
      ['FUNCTION_FORBIDDEN', 'SELECT unnest(range(1000000000))'],
      ['FUNCTION_FORBIDDEN', "SELECT repeat('x', 1000000000)"],
      ['FUNCTION_FORBIDDEN', "SELECT system.main.getenv('HOME')"],
      ['FUNCTION_FORBIDDEN', "SELECT main.getenv('HOME')"],
      ['FUNCTION_FORBIDDEN', 'SELECT lake.main.lower(city) FROM restaurants'],
      ['FUNCTION_FORBIDDEN', 'SELECT il_source.instagram_db.lower(city) FROM restaurants'],
      ['FUNCTION_FORBIDDEN', 'SELECT instagram_db.lower(city) FROM restaurants'],
      ['FUNCTION_FORBIDDEN', 'SELECT version()'],
      ['FUNCTION_FORBIDDEN', 'SELECT current_database()'],
      ['FUNCTION_FORBIDDEN', 'SELECT pg_sleep(100)'],
      ['FUNCTION_FORBIDDEN', "SELECT getvariable('x')"],
      ['FUNCTION_FORBIDDEN', "SELECT json_serialize_sql('SELECT 1')"],
      ['FUNCTION_FORBIDDEN', "SELECT * FROM posts ORDER BY current_setting('threads')"],
      ['FUNCTION_FORBIDDEN', "SELECT post_id FROM posts WHERE likes > (SELECT length(getenv('PATH')))"],
      [
        'RECURSIVE_CTE_FORBIDDEN',
        'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
      ],
      ['UNKNOWN_TABLE', 'SELECT * FROM duckdb_settings'],
      ['UNKNOWN_TABLE', 'SELECT * FROM information_schema.tables'],
      ['UNKNOWN_TABLE', 'SELECT * FROM il_source.instagram_db.restaurants'],
      ['UNKNOWN_TABLE', 'SELECT * FROM instagram_db.ingest_log'],
      ['UNKNOWN_TABLE', 'SELECT * FROM lake.instagram_db.ingest_log'],
      ['UNKNOWN_TABLE', 'SELECT * FROM sqlite_master'],
      ['UNKNOWN_TABLE', 'SELECT * FROM pg_catalog.pg_class'],
      ['UNKNOWN_TABLE', 'SELECT * FROM users'],
      ['UNKNOWN_TABLE', 'SELECT * FROM memory.main.posts'],
      ['UNKNOWN_TABLE', 'SELECT * FROM system.main.duckdb_settings'],
      ['UNKNOWN_TABLE', 'SELECT * FROM (WITH duckdb_settings AS (SELECT 1) SELECT 1) a, duckdb_settings'],
      ['UNKNOWN_TABLE', 'WITH duckdb_settings AS (SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings'],
      ['SIZE_LIMIT_EXCEEDED', "SELECT length(lpad('x', 2000000000, 'y')) AS n"],
      ['SIZE_LIMIT_EXCEEDED', "SELECT count(*) FROM (SELECT unnest(string_split(rpad('', 300000000, ','), ',')))"],
      ['SIZE_LIMIT_EXCEEDED', "SELECT length([x || 'a' FOR x IN string_split(lpad('', 300000000, ','), ',')])"],
      ['SIZE_LIMIT_EXCEEDED', "SELECT length(printf('%0900000000d', 1)) AS n"],
      ['SIZE_LIMIT_EXCEEDED', "SELECT format('{:>900000000}', 'a')"],
      ['SIZE_LIMIT_EXCEEDED', 'SELECT lpad(caption, likes * 1000000) FROM posts'],
      ['PARSE_ERROR', 'SELEC * FROM posts'],
      ['PARSE_ERROR', 'SELECT * FROM posts WHERE'],
      ['EMPTY_QUERY', '   '],
      ['EMPTY_QUERY', ';'],
      ['EMPTY_QUERY', '-- only a comment'],
    ])('%s: %s', async (code, sql) => {
      const error = await refusal(sql);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(20);
    });

    it('keeps display-sized padding and formatting', async () => {
      const result = await guard.execute(
        "SELECT lpad(CAST(likes AS VARCHAR), 6, '0') AS l, printf('%05.1f', likes / 3) AS p, format('{:>8}', creator) AS f FROM posts WHERE post_id = 'p1'",
      );
      expect(result.data).toEqual([['000100', '033.3', '@joes_pizza'.padStart(8)]]);
    });

    it('explains too deep nesting without advising a setting the sandbox refuses', async () => {
      const error = await refusal(`SELECT ${'abs('.repeat(1200)}1${')'.repeat(1200)}`);
      expect(error.code).toBe('PARSE_ERROR');
      expect(error.message).toMatch(/nests expressions more than 1000 levels deep/);
      expect(error.message).not.toMatch(/SET |max_expression_depth/);
    });

    it('tells the model which tables and columns exist when a table is unknown', async () => {
      const error = await refusal('SELECT * FROM users');
      expect(error.message).toContain('posts (');
      expect(error.message).toContain('followers_count BIGINT');
    });
  });

  describe('answers legitimate queries', () => {
    const run = (sql: string) => guard.execute(sql);

    it.each<[string, string, unknown[][]]>([
      ['counts posts', 'SELECT count(*) AS n FROM posts', [[8]]],
      ['keeps DROP inside a string literal', "SELECT post_id FROM posts WHERE caption LIKE '%DROP TABLE%'", [['p1']]],
      ['keeps DELETE as a quoted alias', 'SELECT count(*) AS "delete" FROM posts WHERE likes IS NULL', [[1]]],
      [
        'keeps LIMIT inside a literal',
        "SELECT 'LIMIT 1' AS note, count(*) AS n FROM posts WHERE caption LIKE '%LIMIT 1%'",
        [['LIMIT 1', 1]],
      ],
      ['keeps DELETE in a comment', 'SELECT 1 /* DELETE FROM posts */ AS one', [[1]]],
      [
        'groups and orders',
        'SELECT creator, sum(likes + comments) AS engagement FROM posts GROUP BY creator ORDER BY engagement DESC LIMIT 3',
        [
          ['@windydeepdish', 770],
          ['@joes_pizza', 330],
          ['goldengate_dumplings', 55],
        ],
      ],
      [
        'joins posts to restaurants ignoring @ and case',
        `SELECT r.city, count(*) AS n FROM posts p JOIN restaurants r
           ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@')) GROUP BY r.city ORDER BY r.city`,
        [
          ['Chicago', 2],
          ['New York', 2],
          ['San Francisco', 2],
        ],
      ],
      [
        'uses a CTE',
        'WITH top AS (SELECT post_id, likes FROM posts WHERE likes >= 200) SELECT post_id FROM top ORDER BY likes DESC',
        [['p6'], ['p5'], ['p2']],
      ],
      [
        'uses a window function with QUALIFY',
        'SELECT creator, post_id FROM posts QUALIFY row_number() OVER (PARTITION BY creator ORDER BY likes DESC NULLS LAST) = 1 ORDER BY creator',
        [
          ['@joes_pizza', 'p2'],
          ['@windydeepdish', 'p6'],
          ['goldengate_dumplings', 'p3'],
          ['someone_else', 'p7'],
          ['taco_fan', 'p8'],
        ],
      ],
      [
        'unions',
        "SELECT 'posts' AS t, count(*) AS n FROM posts UNION ALL SELECT 'restaurants', count(*) FROM restaurants ORDER BY t",
        [
          ['posts', 8],
          ['restaurants', 3],
        ],
      ],
      [
        'intersects',
        'SELECT creator FROM posts WHERE likes > 250 INTERSECT SELECT creator FROM posts WHERE comments > 35',
        [['@windydeepdish']],
      ],
      [
        'filters with a subquery',
        "SELECT count(*) FROM posts WHERE creator IN (SELECT instagram_handle FROM restaurants WHERE city = 'New York')",
        [[2]],
      ],
      ['reads instagram_db.posts', 'SELECT count(*) FROM instagram_db.posts', [[8]]],
      ['reads lake.instagram_db.restaurants', 'SELECT count(*) FROM lake.instagram_db.restaurants', [[3]]],
      [
        'splits hashtags with unnest',
        "SELECT tag, count(*) AS n FROM (SELECT unnest(string_split(hashtags, ' ')) AS tag FROM posts) GROUP BY tag HAVING count(*) > 1 ORDER BY n DESC, tag",
        [
          ['#pizza', 3],
          ['#deepdish', 2],
          ['#dumplings', 2],
          ['#nyc', 2],
        ],
      ],
      ['keeps the model smaller LIMIT', 'SELECT post_id FROM posts ORDER BY post_id LIMIT 2', [['p1'], ['p2']]],
      ['lets a CTE shadow a table name', 'WITH posts AS (SELECT 42 AS answer) SELECT answer FROM posts', [[42]]],
      ['accepts a trailing semicolon and comment', 'SELECT count(*) FROM posts; -- done', [[8]]],
      [
        'serialises dates and weekdays',
        "SELECT posted_date, dayname(posted_date) AS d FROM posts WHERE post_id = 'p1'",
        [['2024-05-01', 'Wednesday']],
      ],
      [
        'serialises timestamps as ISO',
        "SELECT ingested_at FROM posts WHERE post_id = 'p1'",
        [['2026-01-01T00:00:00.000Z']],
      ],
      [
        'serialises decimals and averages',
        'SELECT round(avg(likes), 2) AS a, CAST(1.25 AS DECIMAL(5,2)) AS d FROM posts',
        [[154.29, 1.25]],
      ],
      [
        'keeps huge integers exact as text',
        'SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(5 AS HUGEINT) AS small',
        [['9007199254740993', 5]],
      ],
      ['accepts FROM-first syntax', 'FROM posts SELECT count(*) WHERE likes IS NULL', [[1]]],
      ['accepts VALUES', 'SELECT x FROM (VALUES (1), (2)) AS t(x) ORDER BY x', [[1], [2]]],
      [
        'ranks by follower count',
        'SELECT restaurant_name, followers_count FROM restaurants ORDER BY followers_count DESC LIMIT 1',
        [['Windy Deep Dish', 1200000]],
      ],
      // DuckDB's parser qualifies some built-ins itself (trim arrives as main.trim): they are ordinary functions.
      [
        'uses trim, which the parser writes as main.trim',
        "SELECT trim(restaurant_name) AS n, main.lower(city) AS c FROM restaurants WHERE trim(city) = 'Chicago'",
        [['Windy Deep Dish', 'chicago']],
      ],
    ])('%s', async (_name, sql, rows) => {
      const result = await run(sql);
      expect(result.data).toEqual(rows);
      expect(result).toMatchObject({ row_count: rows.length, truncated: false, source: 'local' });
    });

    it('caps rows by wrapping and says so', async () => {
      const result = await run('SELECT a.post_id, b.post_id AS other FROM posts a, posts b, posts c ORDER BY 1, 2');
      expect(result).toMatchObject({ row_count: 100, truncated: true });
      expect(result.data[0]).toEqual(['p1', 'p1']);
      expect(result.columns).toEqual(['post_id', 'other']);
    });

    it('applies a smaller cap per call', async () => {
      const result = await guard.execute('SELECT post_id FROM posts ORDER BY post_id', { maxRows: 3 });
      expect(result).toMatchObject({ row_count: 3, truncated: true, data: [['p1'], ['p2'], ['p3']] });
    });

    it('reports an unknown column as a failed query with the schema', async () => {
      await expect(run('SELECT nonexistent FROM posts')).rejects.toMatchObject({
        code: 'QUERY_FAILED',
        message: expect.stringContaining('restaurants ('),
      });
    });
  });

  describe('masks phone numbers however they are selected', () => {
    const leaks = (result: QueryResult) => {
      const digits = asciiDigits(JSON.stringify(result.data));
      return FIXTURE_RAW_PHONE_DIGITS.filter((raw) => digits.includes(raw));
    };

    it.each([
      'SELECT phone FROM restaurants',
      'SELECT phone AS p FROM restaurants',
      'SELECT * FROM restaurants',
      'SELECT r.* FROM restaurants r',
      'SELECT r FROM restaurants r',
      'SELECT to_json(r) FROM restaurants r',
      'SELECT lower(phone), upper(phone), substr(phone, 1, 40), reverse(phone) FROM restaurants',
      "SELECT phone || '' AS p, concat(phone, 'x') AS q, replace(phone, '-', '') AS d FROM restaurants",
      "SELECT regexp_replace(phone, '[^0-9]', '', 'g') FROM restaurants",
      'SELECT (SELECT phone FROM restaurants ORDER BY restaurant_name LIMIT 1) AS p',
      "SELECT phone FROM restaurants UNION SELECT 'x'",
      "SELECT string_agg(phone, ',') FROM restaurants",
      'SELECT list(phone) FROM lake.instagram_db.restaurants',
      'SELECT bio FROM restaurants',
      "SELECT regexp_extract_all(bio, '[0-9]+') FROM restaurants",
      'SELECT caption FROM posts',
      "SELECT caption FROM posts WHERE post_id = 'p3'",
      "SELECT string_agg(caption, ' ') FROM posts",
      'SELECT * FROM posts',
      'WITH x AS (SELECT phone AS secret FROM instagram_db.restaurants) SELECT secret FROM x',
      'SELECT max(phone), min(phone), any_value(bio) FROM restaurants',
    ])('%s', async (sql) => {
      const result = await guard.execute(sql);
      expect(result.row_count).toBeGreaterThan(0);
      expect(leaks(result)).toEqual([]);
    });

    it('keeps the first 3 and last 2 characters of each number', async () => {
      const phones = await guard.execute('SELECT phone FROM restaurants ORDER BY restaurant_name');
      expect(phones.data).toEqual([['+1 ****23'], ['555****67'], ['312****47']]);
      const bios = await guard.execute('SELECT bio FROM restaurants ORDER BY restaurant_name');
      expect(bios.data).toEqual([
        ['Dumplings daily. Text 415****88 to book, or \uFF14\uFF11\uFF15****\uFF17\uFF17'],
        ['Call us at (21****99 for orders, or 212****99 after 10'],
        ['Since 1985. Open 11-22, est. 2024-05-01'],
      ]);
    });
  });

  describe('time limit', () => {
    it('cancels a runaway cross join through the guard', async () => {
      const fast = new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox), { timeoutMs: 200 });
      const sql = `SELECT count(*) FROM posts a, posts b, posts c, posts d, posts e, posts f, posts g, posts h, posts i
                   WHERE a.caption || b.caption || c.caption || d.caption || e.caption || f.caption || g.caption || h.caption <> i.caption`;
      await expect(fast.execute(sql)).rejects.toBeInstanceOf(QueryTimeoutError);
      // The sandbox stays usable after an interruption.
      await expect(guard.execute('SELECT count(*) FROM posts')).resolves.toMatchObject({ data: [[8]] });
    });

    it('cancels a recursive CTE without end in the executor', async () => {
      const executor = new DuckDbQueryExecutor(sandbox);
      const sql = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r';
      await expect(executor.execute(sql, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    });
  });

  describe('the sandbox itself', () => {
    it('cannot read files, change settings or reach the raw lake even without the guard', async () => {
      const executor = new DuckDbQueryExecutor(sandbox);
      await expect(
        executor.execute("SELECT * FROM read_text('/etc/hostname')", { timeoutMs: 2000 }),
      ).rejects.toMatchObject({ code: 'QUERY_FAILED' });
      await expect(executor.execute("SET memory_limit = '10GB'", { timeoutMs: 2000 })).rejects.toMatchObject({
        message: expect.stringContaining('locked'),
      });
      await expect(executor.execute("ATTACH '/tmp/x.duckdb' AS x", { timeoutMs: 2000 })).rejects.toMatchObject({
        code: 'QUERY_FAILED',
      });
    });
  });
});
