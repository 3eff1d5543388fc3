import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryObjectStore } from '@instalake/ingestion';
import {
  InMemoryKnowledgeBase,
  manifestRef,
  ObjectStoreDocumentStore,
  ObjectStoreSyncState,
  SyncKnowledgeDocuments,
} from '@instalake/knowledge';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from '../loader/duckdb-lake-loader';
import { loadLocalCsv } from '../loader/load-local-csv';
import { DuckDbPostSource } from './duckdb-post-source';

const POSTS = [
  'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
  'p1,pasta nyc,@Trattoria_Roma,2024-05-01,120,8,#pasta #freshpasta,"Handmade ""tagliatelle"" 🍝\nall day",rustic pasta plating on a ceramic plate,https://www.instagram.com/p/p1/',
  'p2,brunch in new york city,@unknown_cafe,2024-05-02,-1,3,#brunch,Sunday brunch #mimosa,,https://www.instagram.com/p/p2/',
  'p3,best tacos,@nobody,2024-05-03,10,1,,Tacos tonight,three tacos,',
  'p5,pizza,@slice,2024-05-04,10,1,,"Call (212) 555-1234 to book, or 212–555–0199, open 2024-05-04",,',
].join('\n');

const RESTAURANTS = [
  'restaurant_name,city,phone,instagram_handle,followers',
  'Trattoria Roma,Manhattan,2125551234,trattoria_roma,12.5K',
].join('\n');

describe('knowledge sync on the lake (real DuckDB, real CSV)', () => {
  let dir: string;
  let engine: DuckDbLakeEngine;
  let loader: DuckDbLakeLoader;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-kb-'));
    engine = await DuckDbLakeEngine.open({
      catalog: new LocalCatalog(join(dir, 'lake.duckdb')),
      threads: 1,
      memoryLimit: '256MB',
    });
    loader = new DuckDbLakeLoader(engine, join(dir, 'scratch'));
  });
  afterEach(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function load(name: string, content: string) {
    const path = join(dir, name);
    await writeFile(path, content);
    return loadLocalCsv(loader, { path, loadedAt: new Date('2026-01-02T03:04:05Z') });
  }

  function parts() {
    const objects = new InMemoryObjectStore();
    const kb = new InMemoryKnowledgeBase();
    const layout = { bucket: 'kb', prefix: 'instalake/' };
    const documents = new ObjectStoreDocumentStore(objects, layout);
    const state = new ObjectStoreSyncState(objects, manifestRef(layout));
    return {
      objects,
      kb,
      documents,
      sync: new SyncKnowledgeDocuments(new DuckDbPostSource(engine), documents, state, kb),
    };
  }

  it('writes one document per post with the city resolved from the profile, else the search term', async () => {
    await load('instagram_restaurant_results.csv', RESTAURANTS);
    await load('post_results.csv', POSTS);
    const { sync, documents, objects, kb } = parts();

    expect(await sync.execute()).toMatchObject({
      added: 4,
      updated: 0,
      removed: 0,
      documents: 4,
      ingestion: { status: 'STARTED' },
    });
    expect(kb.ingestions).toBe(1);
    const p1 = await documents.read('p1');
    expect(p1?.text).toBe(
      'Caption: Handmade "tagliatelle" 🍝 all day | Image: rustic pasta plating on a ceramic plate\n' +
        'Hashtags: #pasta #freshpasta\nSearch term: pasta nyc\nCreator: @trattoria_roma | City: New York\n',
    );
    expect(p1?.metadata).toMatchObject({
      city: 'New York',
      likes: 120,
      comments: 8,
      engagement: 128,
      posted_date: '2024-05-01',
    });
    expect(p1?.uri).toBe('s3://kb/instalake/posts/p1.txt');
    const p2 = await documents.read('p2');
    expect(p2?.metadata).toMatchObject({ city: 'New York', comments: 3, hashtags: ['brunch', 'mimosa'] });
    expect(p2?.metadata.likes).toBeUndefined();
    expect((await documents.read('p3'))?.metadata.city).toBeUndefined();
    // Phone numbers never leave the lake layer, dates stay.
    expect((await documents.read('p5'))?.text).toMatch(
      /^Caption: Call \(21\*\*\*\*34 to book, or 212\*\*\*\*99, open 2024-05-04\n/,
    );
    expect(objects.text({ bucket: 'kb', key: 'instalake/sync/manifest.json' })).toContain('"p3"');
  });

  it('second run writes nothing; then only new, changed and removed posts are touched', async () => {
    await load('post_results.csv', POSTS);
    const { sync, objects, documents, kb } = parts();
    await sync.execute();
    const writes: string[] = [];
    const put = objects.put.bind(objects);
    objects.put = async (ref, body, type) => {
      writes.push(ref.key);
      return put(ref, body, type);
    };

    expect(await sync.execute()).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 4,
      ingestion: { status: 'NOT_NEEDED' },
    });
    expect(writes.filter((k) => k.includes('/posts/'))).toEqual([]);

    await load('post_results_2.csv', [POSTS.split('\n')[0], 'p4,miami eats,@x,2024-05-04,5,0,,Cafecito,,'].join('\n'));
    await engine.withConnection(async (c) => {
      await c.run(
        `UPDATE lake.instagram_db.posts SET likes = 99, caption = 'Tacos tonight (now with salsa)' WHERE post_id = 'p3'`,
      );
      await c.run(`DELETE FROM lake.instagram_db.posts WHERE post_id = 'p2'`);
    });
    const report = await sync.execute();
    expect(report).toMatchObject({
      added: 1,
      updated: 1,
      removed: 1,
      unchanged: 2,
      documents: 4,
      ingestion: { status: 'STARTED' },
    });
    expect(writes.filter((k) => k.includes('/posts/')).sort()).toEqual([
      'instalake/posts/p3.txt',
      'instalake/posts/p3.txt.metadata.json',
      'instalake/posts/p4.txt',
      'instalake/posts/p4.txt.metadata.json',
    ]);
    expect(await documents.list()).toEqual(['p1', 'p3', 'p4', 'p5']);
    expect((await documents.read('p3'))?.metadata.likes).toBe(99);
    expect((await documents.read('p4'))?.metadata.city).toBe('Miami');
    expect(kb.ingestions).toBe(2);
  });

  it("a restaurant profile change re-writes the creator's posts (city is part of the content hash)", async () => {
    await load('post_results.csv', POSTS);
    const { sync, documents } = parts();
    await sync.execute();
    expect((await documents.read('p3'))?.metadata.city).toBeUndefined();
    await load(
      'instagram_restaurant_results.csv',
      ['restaurant_name,city,phone,instagram_handle,followers', 'Nobody Tacos,austin,5125550000,@NOBODY,1K'].join('\n'),
    );
    expect(await sync.execute()).toMatchObject({ added: 0, updated: 1 });
    expect((await documents.read('p3'))?.metadata.city).toBe('Austin');
  });
});
