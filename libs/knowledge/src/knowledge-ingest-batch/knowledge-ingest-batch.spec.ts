import { InMemoryObjectStore } from '@instalake/ingestion';
import { postFixture } from '../post-record.fixture';
import { ObjectStoreDocumentStore } from '../ports/document-store';
import { InMemoryKnowledgeBase } from '../ports/knowledge-base';
import { InMemoryPostSource } from '../ports/post-source';
import { InMemorySyncState } from '../ports/sync-state';
import { SyncKnowledgeDocuments } from '../sync-knowledge-documents/sync-knowledge-documents';
import { KnowledgeIngestBatch } from './knowledge-ingest-batch';

const post = postFixture;

describe('KnowledgeIngestBatch', () => {
  const setup = () => {
    const objects = new InMemoryObjectStore();
    const source = new InMemoryPostSource([]);
    const kb = new InMemoryKnowledgeBase();
    const sync = new SyncKnowledgeDocuments(source, new ObjectStoreDocumentStore(objects), new InMemorySyncState(), kb);
    return { objects, source, kb, sync };
  };

  it('writes documents after each file that landed rows, and starts one ingestion job for the batch', async () => {
    const { source, kb, sync, objects } = setup();
    const batch = new KnowledgeIngestBatch(sync);
    source.posts.push(post('p1', 'one'));
    expect(await batch.fileIngested(1)).toMatchObject({ added: 1, ingestion: { status: 'SKIPPED' } });
    source.posts.push(post('p2', 'two'));
    expect(await batch.fileIngested(1)).toMatchObject({ added: 1, unchanged: 1 });
    expect(await batch.fileIngested(0)).toBeUndefined();
    expect(kb.ingestions).toBe(0);
    expect((await objects.list('instalake-knowledge', 'posts/')).map((o) => o.key).sort()).toEqual([
      'posts/p1.txt',
      'posts/p1.txt.metadata.json',
      'posts/p2.txt',
      'posts/p2.txt.metadata.json',
    ]);
    expect(await batch.finish()).toMatchObject({ status: 'STARTED' });
    expect(kb.ingestions).toBe(1);
  });

  it('a batch whose files landed nothing neither syncs nor starts a job', async () => {
    const { kb, sync } = setup();
    const batch = new KnowledgeIngestBatch(sync);
    expect(await batch.fileIngested(0)).toBeUndefined();
    expect(await batch.finish()).toEqual({ status: 'NOT_NEEDED' });
    expect(kb.ingestions).toBe(0);
  });

  it('a file that changed no post document leaves nothing to ingest', async () => {
    const { source, kb, sync } = setup();
    source.posts.push(post('p1', 'one'));
    const first = new KnowledgeIngestBatch(sync);
    await first.fileIngested(1);
    await first.finish();
    const second = new KnowledgeIngestBatch(sync);
    expect(await second.fileIngested(3)).toMatchObject({ added: 0, updated: 0, ingestion: { status: 'NOT_NEEDED' } });
    expect(await second.finish()).toEqual({ status: 'NOT_NEEDED' });
    expect(kb.ingestions).toBe(1);
  });
});
