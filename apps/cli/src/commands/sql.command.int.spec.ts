import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLocalLake } from '@instalake/duckdb';
import { runInstalled } from '../installed-cli.fixture';
import { run } from '../main';

/** `instalake sql` and `instalake trends` end to end on a real local lake file. */
describe('instalake sql / trends', () => {
  let home: string;
  let out: string[];
  let spies: jest.SpyInstance[];

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-cli-sql-'));
    await seedLocalLake(join(home, 'lake.duckdb'), {
      'instagram_results.csv': 'restaurant_name,city,phone,instagram_handle\nJoe,New York,555-123-4567,@joe\n',
      'post_results.csv': [
        'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption',
        'p1,pizza,@joe,2024-06-10,10,1,#pizza,Slice',
        'p2,pizza,@joe,2024-06-11,20,2,#pizza #nyc,Pie',
      ].join('\n'),
    });
  });
  afterAll(() => rm(home, { recursive: true, force: true }));
  beforeEach(() => {
    process.env.INSTALAKE_HOME = home;
    out = [];
    spies = [
      jest
        .spyOn(process.stdout, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true)),
      jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true)),
    ];
  });
  afterEach(() => {
    spies.forEach((s) => s.mockRestore());
    delete process.env.INSTALAKE_HOME;
    process.exitCode = 0;
  });

  it('runs a guarded SELECT and prints JSON with masked phones', async () => {
    const code = await run(['sql', 'SELECT restaurant_name, phone FROM restaurants', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({
      columns: ['restaurant_name', 'phone'],
      data: [['Joe', '555****67']],
      row_count: 1,
      truncated: false,
      source: 'local',
    });
  });

  it('prints a table without --json', async () => {
    expect(await run(['sql', 'SELECT post_id, likes FROM posts ORDER BY post_id'])).toBe(0);
    expect(out.join('')).toContain('p2      | 20');
    expect(out.join('')).toContain('(2 rows; source local)');
  });

  it('exits 3 with the code and message for a refused query', async () => {
    const code = await run(['sql', 'DROP TABLE posts', '--json']);
    expect(code).toBe(3);
    expect(JSON.parse(out.join('')).error).toMatchObject({
      code: 'NOT_A_SELECT',
      message: expect.stringContaining('SELECT'),
    });
    out.length = 0;
    expect(await run(['sql', "SELECT * FROM read_csv('/etc/passwd')"])).toBe(3);
    expect(out.join('')).toMatch(/^refused \[TABLE_FUNCTION_FORBIDDEN\]: /);
  });

  it('takes SQL that starts with a comment, from a file (-f) and from stdin (-), as the DuckDB CLI does', async () => {
    const commented = '-- posts per creator\nSELECT creator, count(*) AS n FROM posts GROUP BY 1';
    expect(await run(['sql', commented, '--json'])).toBe(0);
    expect(JSON.parse(out.join('')).data).toEqual([['@joe', 2]]);
    out.length = 0;
    const file = join(home, 'likes.sql');
    await writeFile(file, '/* total likes */\nSELECT sum(likes) AS likes FROM posts;\n');
    expect(await run(['sql', '-f', file, '--json'])).toBe(0);
    expect(JSON.parse(out.join('')).data).toEqual([[30]]);
    // stdin is the installed CLI's own: a child process, as `echo ... | instalake sql -` runs.
    const piped = await runInstalled(['sql', '-', '--json'], { home, input: 'SELECT max(likes) AS top FROM posts' });
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout).data).toEqual([[20]]);
    out.length = 0;
    expect(await run(['sql', '--jsn'])).toBe(2);
    expect(out.join('')).toMatch(/error \[USAGE\]: Unknown option --jsn/);
  });

  it('reports trends for a city alias', async () => {
    const code = await run(['trends', '--city', 'NYC', '--days', '7', '--as-of', '2024-06-14', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out.join(''));
    expect(report).toMatchObject({
      city: 'New York',
      dataPoints: 2,
      confidence: 'LOW',
      window: { from: '2024-06-08', to: '2024-06-14' },
    });
    expect(report.hashtags.map((h: { tag: string; posts: number }) => [h.tag, h.posts])).toEqual([
      ['pizza', 2],
      ['nyc', 1],
    ]);
    out.length = 0;
    expect(await run(['trends', '--city', 'NYC', '--as-of', '2024-06-14'])).toBe(0);
    expect(out.join('')).toContain('#pizza  2 · 1 · 16.5 · new');
  });

  it('exits 2 for bad trends parameters', async () => {
    expect(await run(['trends', '--city', 'NYC', '--days', '0', '--json'])).toBe(2);
    expect(JSON.parse(out.join('')).error.code).toBe('INVALID_DAYS');
  });
});
