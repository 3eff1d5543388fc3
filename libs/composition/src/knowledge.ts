import type { Clock, ObjectStore } from '@instalake/ingestion';
import { DuckDbPostSource, type DuckDbLakeEngine } from '@instalake/duckdb';
import {
  DEFAULT_KNOWLEDGE_LAYOUT,
  manifestRef,
  ObjectStoreDocumentStore,
  ObjectStoreSyncState,
  SearchPosts,
  SyncKnowledgeDocuments,
  type KnowledgeBase,
  type KnowledgeLayout,
} from '@instalake/knowledge';
import { LocalKnowledgeBase } from '@instalake/local-search';
import { openBedrockKnowledgeBase } from './bedrock-knowledge-base';

/** Where the documents are indexed and searched: the local BM25+ index, or a knowledge-base adapter (Bedrock). */
export type KnowledgeIndexChoice =
  | {
      readonly kind: 'local';
      /** The serialised index between runs; none keeps it in memory. */ readonly cacheFile?: string;
    }
  | { readonly kind: 'adapter'; readonly knowledgeBase: KnowledgeBase }
  | BedrockKnowledgeBaseChoice;

/**
 * A Bedrock Knowledge Base over an S3 data source, as a document writer: StartIngestionJob after a sync (the
 * ingest Lambda). Searching is the agent's part, through its own Retrieve.
 */
export interface BedrockKnowledgeBaseChoice {
  readonly kind: 'bedrock';
  readonly knowledgeBaseId: string;
  /** The data source over the post documents (inclusion prefix `<layout prefix>posts/`). */
  readonly dataSourceId: string;
  /** A Bedrock Agent endpoint override (VPC endpoints, tests). */
  readonly endpoint?: string;
}

export interface KnowledgeOptions {
  /** Holds the documents and the sync manifest (S3 in AWS, LocalObjectStore on a laptop). */
  readonly objectStore: ObjectStore;
  readonly layout?: KnowledgeLayout;
  readonly index: KnowledgeIndexChoice;
  /** Documents written at once by a sync (S3 takes far more than a laptop disk wants). */
  readonly concurrency?: number;
  readonly clock?: Clock;
}

/** Knowledge sync and search over one document layout and index. */
export interface Knowledge {
  readonly knowledgeBase: KnowledgeBase;
  readonly searchPosts: SearchPosts;
  /** False until a sync has indexed documents (the offline agent searches with SQL keywords until then). */
  hasDocuments(): Promise<boolean>;
  /** The sync from the lake behind `engine`: run it after ingestion (`instalake demo`, `kb sync`). */
  sync(engine: DuckDbLakeEngine): SyncKnowledgeDocuments;
}

export function createKnowledge(options: KnowledgeOptions): Knowledge {
  const layout = options.layout ?? DEFAULT_KNOWLEDGE_LAYOUT;
  const documents = new ObjectStoreDocumentStore(options.objectStore, layout, options.concurrency ?? 16);
  const state = new ObjectStoreSyncState(options.objectStore, manifestRef(layout));
  const local =
    options.index.kind === 'local'
      ? new LocalKnowledgeBase(documents, state, { cacheFile: options.index.cacheFile })
      : undefined;
  const knowledgeBase =
    local ??
    (options.index.kind === 'bedrock'
      ? openBedrockKnowledgeBase(options.index)
      : (options.index as { knowledgeBase: KnowledgeBase }).knowledgeBase);
  return {
    knowledgeBase,
    searchPosts: new SearchPosts(knowledgeBase),
    // The local index follows the manifest's revision, so a sync while serving is picked up.
    hasDocuments: async () => (local ? (await local.size()) > 0 : true),
    sync: (engine) =>
      new SyncKnowledgeDocuments(new DuckDbPostSource(engine), documents, state, knowledgeBase, options.clock),
  };
}
