import type { Clock, ObjectStore } from '@instalake/ingestion';
import {
  DEFAULT_KNOWLEDGE_LAYOUT,
  KnowledgeBase,
  KnowledgeLayout,
  manifestRef,
  ObjectStoreDocumentStore,
  ObjectStoreSyncState,
  SyncKnowledgeDocuments,
} from '@instalake/knowledge';
import type { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbPostSource } from './duckdb-post-source';

export interface KnowledgeSyncParts {
  readonly engine: DuckDbLakeEngine;
  /** Where documents and the manifest go (S3 in AWS, LocalObjectStore on a laptop). */
  readonly objectStore: ObjectStore;
  /** Bedrock in AWS, the local BM25 index on a laptop. */
  readonly knowledgeBase: KnowledgeBase;
  readonly layout?: KnowledgeLayout;
  readonly clock?: Clock;
  /** Objects written at once (S3 handles far more; a laptop disk prefers fewer). */
  readonly concurrency?: number;
}

/**
 * The knowledge sync wired on the lake engine: call after ingestion (`instalake demo`, the ingest Lambda)
 * with `await createKnowledgeSync({ engine, objectStore, knowledgeBase }).execute()`.
 */
export function createKnowledgeSync(parts: KnowledgeSyncParts): SyncKnowledgeDocuments {
  const layout = parts.layout ?? DEFAULT_KNOWLEDGE_LAYOUT;
  return new SyncKnowledgeDocuments(
    new DuckDbPostSource(parts.engine),
    new ObjectStoreDocumentStore(parts.objectStore, layout, parts.concurrency ?? 16),
    new ObjectStoreSyncState(parts.objectStore, manifestRef(layout)),
    parts.knowledgeBase,
    parts.clock,
  );
}
