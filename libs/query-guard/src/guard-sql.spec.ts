import { GuardSql } from './guard-sql';
import { QueryRejectedError } from './errors';
import { toJsonSafe } from './json-safe';
import { splitStatements } from './policy/split-statements';
import { InMemoryQueryExecutor } from './ports/query-executor';
import { ParsedSql, StaticSqlParser } from './ports/sql-parser';

const table = (name: string, schema = '', catalog = '') => ({
  type: 'BASE_TABLE',
  alias: '',
  sample: null,
  query_location: 0,
  schema_name: schema,
  table_name: name,
  catalog_name: catalog,
});
const select = (from: unknown, extra: Record<string, unknown> = {}) => ({
  node: { type: 'SELECT_NODE', modifiers: [], cte_map: { map: [] }, select_list: [], from_table: from, ...extra },
});
const wrapped = (inner: { node: unknown }) =>
  select({ type: 'SUBQUERY', alias: 'capped', sample: null, query_location: 0, subquery: inner });

describe('GuardSql with an in-memory parser and executor', () => {
  const sql = 'SELECT * FROM posts';
  const ast = select(table('posts'));
  const answers = new Map<string, ParsedSql>([
    [sql, { statementCount: 1, statements: [ast] }],
    [`SELECT * FROM (\n${sql}\n) AS capped LIMIT 3`, { statementCount: 1, statements: [wrapped(ast)] }],
    ['SELECT * FROM secrets', { statementCount: 1, statements: [select(table('secrets'))] }],
    ['DROP TABLE posts', { statementCount: 1, error: { kind: 'not-select', message: 'Only SELECT' } }],
  ]);
  const executor = new InMemoryQueryExecutor(() => ({
    columns: [
      { name: 'n', type: 'BIGINT' },
      { name: 'd', type: 'DATE' },
    ],
    rows: [
      [1n, new Date('2024-05-01T00:00:00Z')],
      [2n, null],
      [3n, null],
    ],
    source: 'fake',
  }));
  const guard = new GuardSql(new StaticSqlParser(answers), executor, { maxRows: 2 });

  it('wraps the accepted query with the row cap plus one and trims to the cap', async () => {
    const result = await guard.execute(sql);
    expect(executor.executed).toEqual([`SELECT * FROM (\n${sql}\n) AS capped LIMIT 3`]);
    expect(result).toEqual({
      columns: ['n', 'd'],
      data: [
        [1, '2024-05-01'],
        [2, null],
      ],
      row_count: 2,
      truncated: true,
      source: 'fake',
    });
  });

  it('refuses unknown tables and non-SELECT statements with their codes', async () => {
    await expect(guard.execute('SELECT * FROM secrets')).rejects.toMatchObject({ code: 'UNKNOWN_TABLE' });
    await expect(guard.execute('DROP TABLE posts')).rejects.toBeInstanceOf(QueryRejectedError);
    await expect(guard.execute('DROP TABLE posts')).rejects.toMatchObject({ code: 'NOT_A_SELECT' });
    await expect(guard.execute('  -- nothing ')).rejects.toMatchObject({ code: 'EMPTY_QUERY' });
  });
});

describe('toJsonSafe', () => {
  it.each<[unknown, string, unknown]>([
    [5n, 'BIGINT', 5],
    [9007199254740993n, 'BIGINT', '9007199254740993'],
    [-9007199254740993n, 'HUGEINT', '-9007199254740993'],
    [new Date('2024-05-01T00:00:00Z'), 'DATE', '2024-05-01'],
    [new Date('2024-05-01T10:11:12.5Z'), 'TIMESTAMP', '2024-05-01T10:11:12.500Z'],
    [36_000_000_000n, 'TIME', '10:00:00'],
    [12.34, 'DECIMAL(10,2)', 12.34],
    [NaN, 'DOUBLE', 'NaN'],
    [[1n, 2n], 'BIGINT[]', [1, 2]],
    [{ a: 1n, d: null }, 'STRUCT', { a: 1, d: null }],
    [new TextEncoder().encode('ab'), 'BLOB', 'ab'],
    [undefined, 'INTEGER', null],
  ])('%p as %s', (value, type, expected) => {
    expect(toJsonSafe(value, type)).toEqual(expected);
  });
});

describe('splitStatements', () => {
  it.each<[string, number]>([
    ['SELECT 1', 1],
    ['SELECT 1; SELECT 2', 2],
    ["SELECT 'a;b'", 1],
    ['SELECT "x;y" FROM t', 1],
    ['SELECT 1 -- ; DROP\n', 1],
    ['SELECT 1 /* ; */', 1],
    ['SELECT $$;$$', 1],
    [';;  ', 0],
    ['-- only', 0],
    ['SELECT 1;\n-- trailing', 1],
  ])('%s -> %d', (sql, count) => {
    expect(splitStatements(sql)).toHaveLength(count);
  });
});

describe('GuardSql answer size budget', () => {
  const sql = 'SELECT * FROM posts';
  const ast = select(table('posts'));
  const parser = (limit: number) =>
    new StaticSqlParser(
      new Map<string, ParsedSql>([
        [sql, { statementCount: 1, statements: [ast] }],
        [`SELECT * FROM (\n${sql}\n) AS capped LIMIT ${limit}`, { statementCount: 1, statements: [wrapped(ast)] }],
      ]),
    );
  const executorOf = (rows: unknown[][]) =>
    new InMemoryQueryExecutor(() => ({ columns: [{ name: 'c', type: 'VARCHAR' }], rows, source: 'fake' }));

  it('cuts the one huge cell of a single row to fit, with an ellipsis and a note', async () => {
    const guard = new GuardSql(parser(101), executorOf([['x'.repeat(600_000)]]), { maxResultBytes: 2048 });
    const result = await guard.execute(sql);
    expect(new TextEncoder().encode(JSON.stringify(result.data)).length).toBeLessThanOrEqual(2048);
    expect(result).toMatchObject({ row_count: 1, truncated: true });
    expect(String(result.data[0][0])).toMatch(/^x+…$/);
    expect(result.note).toMatch(/under 2 KB: texts cut to \d+ characters/);
  });

  it('drops trailing rows that do not fit and says how many came back', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`${i} ${'y'.repeat(200)}`]);
    const result = await new GuardSql(parser(101), executorOf(rows), { maxResultBytes: 2048 }).execute(sql);
    expect(result.row_count).toBe(9);
    expect(result.data[8][0]).toBe(rows[8][0]);
    expect(result.note).toMatch(/9 rows returned/);
  });

  it('leaves a small answer alone', async () => {
    const result = await new GuardSql(parser(101), executorOf([['a'], ['b']])).execute(sql);
    expect(result).toEqual({ columns: ['c'], data: [['a'], ['b']], row_count: 2, truncated: false, source: 'fake' });
  });

  it('refuses a row cap that is not a positive whole number (a CLI --max-rows abc)', async () => {
    const guard = new GuardSql(parser(101), executorOf([]));
    await expect(guard.execute(sql, { maxRows: Number('abc') })).rejects.toThrow(RangeError);
    await expect(guard.execute(sql, { maxRows: 0 })).rejects.toThrow(/positive integer/);
  });
});
