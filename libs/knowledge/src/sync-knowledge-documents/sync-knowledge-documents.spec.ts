import { InMemoryObjectStore } from '@instalake/ingestion';
import { KnowledgeBaseBusyError } from '../errors';
import { PostRecord } from '../post-record';
import { postFixture } from '../post-record.fixture';
import { ObjectStoreDocumentStore } from '../ports/document-store';
import { InMemoryKnowledgeBase } from '../ports/knowledge-base';
import { InMemoryPostSource } from '../ports/post-source';
import { InMemorySyncState, ObjectStoreSyncState } from '../ports/sync-state';
import { SyncKnowledgeDocuments } from './sync-knowledge-documents';

type Post = Omit<PostRecord, 'fingerprint'>;
const post = (post_id: string, caption: string): Post => postFixture(post_id, caption);

function setup(posts: Post[]) {
  const objects = new InMemoryObjectStore();
  const source = new InMemoryPostSource(posts);
  const documents = new ObjectStoreDocumentStore(objects, { bucket: 'kb', prefix: '' });
  const state = new ObjectStoreSyncState(objects, { bucket: 'kb', key: 'sync/manifest.json' });
  const kb = new InMemoryKnowledgeBase();
  const puts = jestSpyPuts(objects);
  const sync = new SyncKnowledgeDocuments(
    source,
    documents,
    state,
    kb,
    { now: () => new Date('2026-01-01T00:00:00Z') },
    2,
  );
  return { objects, source, documents, state, kb, puts, sync };
}

function jestSpyPuts(objects: InMemoryObjectStore) {
  const keys: string[] = [];
  const put = objects.put.bind(objects);
  objects.put = async (ref, body, type) => {
    keys.push(ref.key);
    return put(ref, body, type);
  };
  return keys;
}

describe('SyncKnowledgeDocuments', () => {
  it('writes every post once, then nothing on a second run', async () => {
    const { sync, objects, kb, puts, documents } = setup([post('p1', 'one'), post('p2', 'two'), post('p3', 'three')]);
    const first = await sync.execute();
    expect(first).toMatchObject({
      added: 3,
      updated: 0,
      removed: 0,
      unchanged: 0,
      documents: 3,
      ingestion: { status: 'STARTED' },
    });
    expect(await documents.list()).toEqual(['p1', 'p2', 'p3']);
    expect(objects.text({ bucket: 'kb', key: 'posts/p2.txt' })).toBe('Caption: two\nCreator: @a\n');
    expect(
      JSON.parse(objects.text({ bucket: 'kb', key: 'posts/p2.txt.metadata.json' })!).metadataAttributes.post_id.value,
    ).toEqual({
      type: 'STRING',
      stringValue: 'p2',
    });

    puts.length = 0;
    const second = await sync.execute();
    expect(second).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 3,
      ingestion: { status: 'NOT_NEEDED' },
    });
    expect(puts.filter((k) => k.startsWith('posts/'))).toEqual([]);
    expect(kb.ingestions).toBe(1);
  });

  it('writes only new and changed posts and deletes documents of posts that left the lake', async () => {
    const { sync, source, objects, kb, puts, documents } = setup([
      post('p1', 'one'),
      post('p2', 'two'),
      post('p3', 'three'),
    ]);
    await sync.execute();
    puts.length = 0;
    source.posts = [post('p1', 'one'), post('p2', 'two, edited'), post('p4', 'four')];
    const report = await sync.execute();
    expect(report).toMatchObject({
      added: 1,
      updated: 1,
      removed: 1,
      unchanged: 1,
      documents: 3,
      ingestion: { status: 'STARTED' },
    });
    expect(puts.filter((k) => k.startsWith('posts/')).sort()).toEqual([
      'posts/p2.txt',
      'posts/p2.txt.metadata.json',
      'posts/p4.txt',
      'posts/p4.txt.metadata.json',
    ]);
    expect(await documents.list()).toEqual(['p1', 'p2', 'p4']);
    expect(objects.text({ bucket: 'kb', key: 'posts/p3.txt.metadata.json' })).toBeUndefined();
    expect(objects.text({ bucket: 'kb', key: 'posts/p2.txt' })).toContain('two, edited');
    expect(kb.ingestions).toBe(2);
  });

  it('keeps ingestion pending when the knowledge base is busy and starts it on the next run', async () => {
    const { sync, kb, puts } = setup([post('p1', 'one')]);
    kb.failNextStart = new KnowledgeBaseBusyError('a job is running');
    const first = await sync.execute();
    expect(first.ingestion).toMatchObject({ status: 'DEFERRED', reason: expect.stringMatching(/busy/) });
    puts.length = 0;
    const second = await sync.execute();
    expect(second).toMatchObject({ added: 0, ingestion: { status: 'STARTED' } });
    expect(puts.filter((k) => k.startsWith('posts/'))).toEqual([]);
  });

  it('does not save the manifest when a write fails, so the next run redoes the work', async () => {
    const { sync, objects, state } = setup([post('p1', 'one')]);
    const put = objects.put.bind(objects);
    objects.put = async () => {
      throw new Error('disk full');
    };
    await expect(sync.execute()).rejects.toThrow('disk full');
    expect(await state.load()).toBeUndefined();
    objects.put = put;
    expect(await sync.execute()).toMatchObject({ added: 1 });
  });

  it('rewrites everything on --full or after a document format change', async () => {
    const state = new InMemorySyncState();
    const objects = new InMemoryObjectStore();
    const sync = new SyncKnowledgeDocuments(
      new InMemoryPostSource([post('p1', 'one')]),
      new ObjectStoreDocumentStore(objects),
      state,
      new InMemoryKnowledgeBase(),
    );
    await sync.execute();
    expect((await sync.execute({ full: true })).added).toBe(1);
    state.manifest = { ...state.manifest!, formatVersion: 0 };
    expect((await sync.execute()).added).toBe(1);
    expect((await sync.execute({ startIngestion: false })).ingestion.status).toBe('NOT_NEEDED');
  });

  it('per file of a batch writes documents only, then starts one ingestion job for the whole batch', async () => {
    const { sync, source, kb, puts } = setup([post('p1', 'one')]);
    expect((await sync.execute({ startIngestion: false })).ingestion.status).toBe('SKIPPED');
    source.posts.push(post('p2', 'two'));
    expect(await sync.execute({ startIngestion: false })).toMatchObject({ added: 1, ingestion: { status: 'SKIPPED' } });
    expect(kb.ingestions).toBe(0);
    expect(puts.filter((k) => k.startsWith('posts/')).sort()).toEqual([
      'posts/p1.txt',
      'posts/p1.txt.metadata.json',
      'posts/p2.txt',
      'posts/p2.txt.metadata.json',
    ]);

    expect(await sync.startPendingIngestion()).toEqual({
      status: 'STARTED',
      job: { jobId: 'fake-1', status: 'STARTING' },
    });
    expect(await sync.startPendingIngestion()).toEqual({ status: 'NOT_NEEDED' });
    // A file that changed no post writes nothing and leaves nothing to ingest.
    expect(await sync.execute({ startIngestion: false })).toMatchObject({
      added: 0,
      updated: 0,
      ingestion: { status: 'NOT_NEEDED' },
    });
    expect(await sync.startPendingIngestion()).toEqual({ status: 'NOT_NEEDED' });
    expect(kb.ingestions).toBe(1);
  });

  it('keeps the ingestion pending when the knowledge base is busy, and starts it on the next call', async () => {
    const { sync, kb } = setup([post('p1', 'one')]);
    await sync.execute({ startIngestion: false });
    kb.failNextStart = new KnowledgeBaseBusyError('ConflictException: ongoing job');
    expect(await sync.startPendingIngestion()).toMatchObject({
      status: 'DEFERRED',
      reason: expect.stringContaining('ongoing job'),
    });
    expect(await sync.startPendingIngestion()).toMatchObject({ status: 'STARTED' });
    expect(kb.ingestions).toBe(1);
  });

  it('before any sync there is nothing to ingest', async () => {
    expect(await setup([]).sync.startPendingIngestion()).toEqual({ status: 'NOT_NEEDED' });
  });
});
