import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryObjectStore } from '@instalake/ingestion';
import {
  InMemoryPostSource,
  InMemorySyncState,
  ObjectStoreDocumentStore,
  SyncKnowledgeDocuments,
} from '@instalake/knowledge';
import { LocalKnowledgeBase } from './local-knowledge-base';
import { SEARCH_CORPUS } from './search-corpus.fixture';

describe('LocalKnowledgeBase index cache (real file)', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'instalake-search-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reuses the cached index while the manifest is unchanged and rebuilds when it changes', async () => {
    const cacheFile = join(dir, 'cache', 'kb-index.json');
    const documents = new ObjectStoreDocumentStore(new InMemoryObjectStore(), { bucket: 'kb', prefix: '' });
    const state = new InMemorySyncState();
    const source = new InMemoryPostSource(SEARCH_CORPUS);
    const first = new LocalKnowledgeBase(documents, state, { cacheFile });
    expect(await new SyncKnowledgeDocuments(source, documents, state, first).execute()).toMatchObject({
      ingestion: { status: 'STARTED', job: { status: 'COMPLETE', documents: 10 } },
    });
    const cache = JSON.parse(await readFile(cacheFile, 'utf8'));
    expect(cache.revision).toBe(state.manifest!.revision);

    // A fresh process: answers from the cache, reading back only the hits' text.
    let reads = 0;
    const read = documents.read.bind(documents);
    documents.read = async (id) => {
      reads++;
      return read(id);
    };
    const second = new LocalKnowledgeBase(documents, state, { cacheFile });
    const hits = await second.retrieve({ query: 'brunch', filters: {}, limit: 10 });
    expect(hits.map((h) => h.metadata.post_id).sort()).toEqual(['brunch1', 'brunch2', 'brunch3']);
    expect(reads).toBe(3);
    expect(hits[0].text).toMatch(/^Caption: .*brunch/i);

    source.posts = SEARCH_CORPUS.filter((p) => p.post_id !== 'brunch2');
    await new SyncKnowledgeDocuments(source, documents, state, new LocalKnowledgeBase(documents, state)).execute({
      startIngestion: false,
    });
    const third = new LocalKnowledgeBase(documents, state, { cacheFile });
    const after = await third.retrieve({ query: 'brunch', filters: {}, limit: 10 });
    expect(after.map((h) => h.metadata.post_id).sort()).toEqual(['brunch1', 'brunch3']);
    expect(reads).toBe(3 + 9 + 2); // hits, the rebuild over the 9 remaining documents, hits
  });
});
