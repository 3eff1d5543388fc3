import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../main';

/** `instalake kb` end to end: sample data ingested into a real lake file, documents on disk, local BM25+ search. */
describe('instalake kb sync / search (local default)', () => {
  let home: string;
  let out: string[];
  let spy: jest.SpyInstance;
  let log: jest.SpyInstance;
  let err: jest.SpyInstance;
  let demo: {
    knowledge: {
      added: number;
      documents: number;
      updated: number;
      removed: number;
      ingestion: { status: string; job?: { status: string } };
    };
  };

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-kb-cli-'));
    process.env.INSTALAKE_HOME = home;
    out = [];
    spy = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await run(['demo', '--posts', '300', '--no-serve', '--json'])).toBe(0);
    demo = JSON.parse(out.join(''));
  });
  afterAll(async () => {
    spy.mockRestore();
    log.mockRestore();
    err.mockRestore();
    delete process.env.INSTALAKE_HOME;
    process.exitCode = 0;
    await rm(home, { recursive: true, force: true });
  });

  async function cli(...args: string[]) {
    out.length = 0;
    const code = await run(args);
    process.exitCode = 0;
    return { code, text: out.join('') };
  }

  it('demo turns every sample post into a document; kb sync then writes nothing, --full rewrites all', async () => {
    const report = demo.knowledge;
    expect(report).toMatchObject({
      updated: 0,
      removed: 0,
      ingestion: { status: 'STARTED', job: { status: 'COMPLETE' } },
    });
    expect(report.added).toBeGreaterThanOrEqual(290); // the sample may carry a few deliberate duplicates
    expect(report.documents).toBe(report.added);
    const files = await readdir(join(home, 'buckets', 'instalake-knowledge', 'posts'));
    expect(files.filter((f) => f.endsWith('.txt'))).toHaveLength(report.documents);
    expect(files.filter((f) => f.endsWith('.txt.metadata.json'))).toHaveLength(report.documents);

    const second = await cli('kb', 'sync', '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.text)).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: report.documents,
      ingestion: { status: 'NOT_NEEDED' },
    });
    const full = JSON.parse((await cli('kb', 'sync', '--full', '--json')).text);
    expect(full).toMatchObject({
      added: report.documents,
      documents: report.documents,
      ingestion: { status: 'STARTED' },
    });
    expect((await cli('kb', 'sync')).text).toMatch(/^Knowledge base: 0 added, 0 updated, 0 removed, \d+ unchanged/);
  });

  it('finds pasta posts for "rustic pasta plating", dessert posts for "viral dessert content", brunch posts for "brunch"', async () => {
    const search = async (...args: string[]) => JSON.parse((await cli('kb', 'search', ...args, '--json')).text);
    const pasta = await search('rustic pasta plating', '--limit', '5');
    expect(pasta.results).toHaveLength(5);
    for (const r of pasta.results) expect(r.snippet.toLowerCase()).toMatch(/pasta|rustic|plat/);
    expect(pasta.results[0].snippet).toMatch(/rustic pasta plating/i);

    const dessert = await search('viral dessert content', '--limit', '5');
    for (const r of dessert.results) expect(r.metadata.hashtags.join(' ') + r.snippet).toMatch(/dessert|viral/i);

    const brunch = await search('brunch', '--city', 'nyc', '--min-likes', '10', '--limit', '3');
    expect(brunch.filters).toEqual({ city: 'New York', minLikes: 10 });
    expect(brunch.results.length).toBeGreaterThan(0);
    for (const r of brunch.results) {
      expect(r.metadata.city).toBe('New York');
      expect(r.metadata.likes).toBeGreaterThanOrEqual(10);
      expect(r.snippet.toLowerCase()).toContain('brunch');
    }
  });

  it('prints a readable list and refuses bad options with a usage exit code', async () => {
    const text = await cli('kb', 'search', 'brunch', '--limit', '2');
    expect(text.code).toBe(0);
    expect(text.text).toMatch(/^2 post\(s\) for "brunch", ranked by BM25\+ relevance:\n1\. \[/);
    expect((await cli('kb', 'search', 'brunch', '--min-likes', 'lots')).code).toBe(2);
    expect((await cli('kb', 'search', '   ', '--json')).code).toBe(2);
  });
});
