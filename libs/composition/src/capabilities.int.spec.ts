import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@instalake/errors';
import { createKnowledge, createObjectStore, openAgent, openIngestion, openQueryTools, type Ingestion } from './index';

const POSTS = [
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
  ...Array.from(
    { length: 120 },
    (_, i) =>
      `p${i},pizza nyc,@joes_pizza,2024-05-${String(1 + (i % 28)).padStart(2, '0')},${100 + i},${i % 9},#pizza #nyc,` +
      `${i % 2 ? 'Rustic pasta plating' : 'Cheese pull slice'} call 212-555-0101,a plate,https://instagram.com/p/p${i}`,
  ),
].join('\n');
const RESTAURANTS = "restaurant_name,city,phone,instagram_handle\nJoe's Pizza,New York,212-555-0101,@joes_pizza\n";

/** Each factory on the local default, real DuckDB and real files: what every app and benchmark composes. */
describe('the capability factories (local lake, real DuckDB)', () => {
  let home: string;
  let ingestion: Ingestion;
  const lake = () => ({ kind: 'local' as const, databaseFile: join(home, 'lake.duckdb') });
  const objectStore = () => createObjectStore({ kind: 'local', bucketsRoot: join(home, 'buckets') });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-composition-'));
    const uploads = join(home, 'buckets', 'raw', 'in');
    await mkdir(uploads, { recursive: true });
    await writeFile(join(uploads, 'post_results.csv'), POSTS);
    await writeFile(join(uploads, 'instagram_results.csv'), RESTAURANTS);
    ingestion = await openIngestion({
      objectStore: objectStore(),
      lake: lake(),
      threads: 1,
      scratchDirectory: join(home, 'scratch'),
      uploadPolicy: { uploadPrefix: 'in/', deadLetterPrefix: 'dead/' },
    });
  });
  afterAll(async () => {
    ingestion.close();
    await rm(home, { recursive: true, force: true });
  });

  it('ingestion: the pending uploads under the configured prefix land, and a second run skips them', async () => {
    const first = await ingestion.ingestPendingUploads.execute('raw');
    expect(first.map((r) => [r.file, r.status, r.landed])).toEqual([
      ['in/instagram_results.csv', 'ingested', 1],
      ['in/post_results.csv', 'ingested', 120],
    ]);
    expect((await ingestion.ingestPendingUploads.execute('raw')).map((r) => r.status)).toEqual([]);
  });

  it('knowledge: sync writes a document per post from the lake; search finds them in the local index', async () => {
    const knowledge = createKnowledge({
      objectStore: objectStore(),
      index: { kind: 'local', cacheFile: join(home, 'kb.json') },
    });
    expect(await knowledge.hasDocuments()).toBe(false);
    expect(await knowledge.sync(ingestion.engine).execute()).toMatchObject({ added: 120, documents: 120 });
    expect(await knowledge.hasDocuments()).toBe(true);
    const answer = await knowledge.searchPosts.execute({ text: 'rustic pasta plating', limit: 3 });
    expect(answer.results).toHaveLength(3);
    for (const r of answer.results) expect(r.snippet).toMatch(/Rustic pasta plating/);
  });

  it('query tools: the guard caps rows at its default, the options lower it, phones stay masked', async () => {
    ingestion.close(); // release the writer, as the CLI does before reading
    const tools = await openQueryTools({ lake: lake(), threads: 1 });
    try {
      const all = await tools.guardSql.execute('SELECT post_id, caption FROM posts');
      expect(all).toMatchObject({ row_count: 100, truncated: true, source: 'local' });
      expect(JSON.stringify(all.data)).not.toContain('212-555-0101');
      const trends = await tools.getTrends.execute({ city: 'NYC', days: 31, asOf: '2024-05-31' });
      expect(trends).toMatchObject({ city: 'New York', dataPoints: 120 });
    } finally {
      tools.close();
    }
    const capped = await openQueryTools({ lake: lake(), threads: 1, guard: { maxRows: 5 } });
    try {
      expect((await capped.guardSql.execute('SELECT post_id FROM posts')).row_count).toBe(5);
    } finally {
      capped.close();
    }
  });

  it('query tools: a snapshot sandbox serves from a file in its directory, removed on close', async () => {
    const directory = join(home, 'snapshots');
    const tools = await openQueryTools({ lake: lake(), threads: 1, sandbox: { kind: 'snapshot', directory } });
    expect((await readdir(directory)).filter((f) => f.startsWith('instalake-snapshot-'))).toHaveLength(1);
    expect((await tools.guardSql.execute('SELECT count(*) AS n FROM posts')).data).toEqual([[120]]);
    expect(tools.generation()).toBe(1);
    tools.close();
    expect((await readdir(directory)).filter((f) => f.startsWith('instalake-snapshot-'))).toEqual([]);
  });

  it('query tools: refuse a snapshot of a catalog that has no local file', async () => {
    await expect(
      openQueryTools({
        lake: { kind: 'iceberg-rest', endpoint: 'http://127.0.0.1:1', warehouse: 'w', auth: { type: 'none' } },
        sandbox: { kind: 'snapshot', directory: join(home, 'never') },
      }),
    ).rejects.toThrow(ConfigError);
  });

  it('agent: the offline agent answers from the lake with the indexed knowledge search', async () => {
    const opened = await openAgent({
      kind: 'offline',
      tools: { lake: lake(), threads: 1 },
      knowledge: createKnowledge({
        objectStore: objectStore(),
        index: { kind: 'local', cacheFile: join(home, 'kb.json') },
      }),
    });
    try {
      const top = await opened.agent.ask('s-1', 'Top 3 posts by likes in NYC');
      expect(top.data?.table?.rows).toHaveLength(3);
      expect(top.response).toContain('@joes_pizza');
      const similar = await opened.agent.ask('s-2', "Find posts similar to 'rustic pasta plating'");
      expect(similar.sources.some((s) => s.type === 'knowledge')).toBe(true);
    } finally {
      opened.close();
    }
  });
});
