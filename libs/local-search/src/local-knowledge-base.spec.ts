import { InMemoryObjectStore } from '@instalake/ingestion';
import {
  InMemoryKnowledgeBase,
  InMemoryPostSource,
  InMemorySyncState,
  ObjectStoreDocumentStore,
  SearchPosts,
  SyncKnowledgeDocuments,
} from '@instalake/knowledge';
import { LocalKnowledgeBase } from './local-knowledge-base';
import { SEARCH_CORPUS } from './search-corpus.fixture';

async function corpus() {
  const documents = new ObjectStoreDocumentStore(new InMemoryObjectStore(), { bucket: 'kb', prefix: '' });
  const state = new InMemorySyncState();
  const source = new InMemoryPostSource(SEARCH_CORPUS);
  const local = new LocalKnowledgeBase(documents, state);
  const sync = new SyncKnowledgeDocuments(source, documents, state, local);
  await sync.execute();
  return { documents, state, source, local, sync, search: new SearchPosts(local) };
}

const ids = (answer: { results: { post_id: string }[] }) => answer.results.map((r) => r.post_id);

describe('LocalKnowledgeBase ranking (BM25+, written-down answers)', () => {
  it('"rustic pasta plating": the rustic pasta plate first, the other pasta second', async () => {
    const { search } = await corpus();
    const answer = await search.execute({ text: 'rustic pasta plating', limit: 5 });
    expect(ids(answer).slice(0, 2)).toEqual(['pasta1', 'pasta2']);
    expect(answer.results[0]).toMatchObject({
      uri: 's3://kb/posts/pasta1.txt',
      metadata: { creator: 'trattoria_roma', city: 'New York', likes: 900 },
    });
    expect(answer.results[0].snippet).toContain('rustic pasta plating');
    expect(answer.results[0].score).toBeGreaterThan(answer.results[1].score);
  });

  it('"viral dessert content": the viral lava cake, then the other dessert, ahead of the brunch that mentions dessert', async () => {
    const { search } = await corpus();
    const got = ids(await search.execute({ text: 'viral dessert content', limit: 5 }));
    expect(got.slice(0, 2)).toEqual(['dessert1', 'dessert2']);
    expect(got.indexOf('brunch1')).toBeGreaterThan(1);
    expect(got).not.toContain('tacos1');
  });

  it('"brunch": the three brunch posts and nothing else', async () => {
    const { search } = await corpus();
    const got = ids(await search.execute({ text: 'brunch', limit: 10 }));
    expect([...got].sort()).toEqual(['brunch1', 'brunch2', 'brunch3']);
  });

  it('filters on city (aliases too), creator and minimum likes; hidden likes never pass a likes filter', async () => {
    const { search } = await corpus();
    expect(ids(await search.execute({ text: 'brunch', city: 'NYC' }))).toEqual(['brunch3']);
    expect(ids(await search.execute({ text: 'brunch', creator: '@Morning_Table' }))).toEqual(['brunch1']);
    expect([...ids(await search.execute({ text: 'brunch', minLikes: 1 }))].sort()).toEqual(['brunch1', 'brunch3']);
    const popular = await search.execute({ text: 'rustic pasta plating', minLikes: 100 });
    expect(ids(popular)[0]).toBe('pasta1');
    expect(ids(popular)).not.toContain('pasta2'); // 40 likes
    expect(popular.results.every((r) => (r.metadata.likes ?? -1) >= 100)).toBe(true);
  });

  it('gives the same answer twice and finds nothing for unrelated words', async () => {
    const { search } = await corpus();
    const a = await search.execute({ text: 'rustic pasta plating' });
    const b = await search.execute({ text: 'rustic pasta plating' });
    expect(b).toEqual(a);
    expect((await search.execute({ text: 'skateboard' })).results).toEqual([]);
  });

  it('rebuilds when the manifest revision moves on (a new post becomes findable)', async () => {
    const { search, source, documents, state, local } = await corpus();
    expect(ids(await search.execute({ text: 'croffle' }))).toEqual([]);
    source.posts = [
      ...SEARCH_CORPUS,
      {
        ...SEARCH_CORPUS[0],
        post_id: 'croffle1',
        caption: 'The croffle is here',
        image_description: null,
        hashtags: '#croffle',
      },
    ];
    // A sync that does not itself start ingestion: retrieve must notice the new revision on its own.
    await new SyncKnowledgeDocuments(source, documents, state, new InMemoryKnowledgeBase()).execute();
    expect(ids(await search.execute({ text: 'croffle' }))).toEqual(['croffle1']);
    expect(await local.size()).toBe(11);
  });
});
