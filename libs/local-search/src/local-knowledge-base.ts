import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import MiniSearch, { Options, SearchResult } from 'minisearch';
import {
  DocumentStore,
  documentIdFor,
  eachLimited,
  IngestionJob,
  KnowledgeBase,
  parsePostDocumentText,
  PostMetadata,
  RetrievalFilters,
  RetrievalRequest,
  RetrievedChunk,
  StoredDocument,
  SyncState,
} from '@instalake/knowledge';
import { processTerm } from './search-terms';

interface IndexedPost {
  readonly docId: string;
  readonly caption: string;
  readonly image: string;
  readonly hashtags: string;
  readonly searchTerm: string;
  readonly metadata: PostMetadata;
}

/** Bump when the index options change: old caches are then ignored. */
const INDEX_VERSION = 1;

/**
 * Caption and image description carry what a post shows; hashtags are strong but noisy; the search term
 * is the scraper's query, shared by many posts, so it only nudges.
 */
const INDEX_OPTIONS: Options<IndexedPost> = {
  idField: 'docId',
  fields: ['caption', 'image', 'hashtags', 'searchTerm'],
  // Only what filters need: the text of the few hits is read back from the store, which keeps the cache small.
  storeFields: ['metadata'],
  processTerm,
  searchOptions: {
    boost: { caption: 2, image: 2, hashtags: 1.5, searchTerm: 0.5 },
    combineWith: 'OR',
    prefix: (term) => term.length >= 4,
    fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
  },
};

export interface LocalKnowledgeBaseOptions {
  /** Where the serialised index is cached between runs; none keeps it in memory only. */
  readonly cacheFile?: string;
  /** Documents read at once while building. */
  readonly readConcurrency?: number;
}

/**
 * The KnowledgeBase port on a laptop: BM25+ ranking (minisearch) over the same documents Bedrock would ingest.
 * "Ingestion" rebuilds the index; retrieve rebuilds it too when the sync manifest's revision moved on, and
 * otherwise reuses the in-memory or cached index.
 */
export class LocalKnowledgeBase implements KnowledgeBase {
  private index?: MiniSearch<IndexedPost>;
  private revision?: string;

  constructor(
    private readonly documents: DocumentStore,
    private readonly state: SyncState,
    private readonly options: LocalKnowledgeBaseOptions = {},
  ) {}

  async startIngestion(): Promise<IngestionJob> {
    const revision = await this.currentRevision();
    const index = await this.rebuild(revision);
    return { jobId: `local-${revision.slice(0, 12)}`, status: 'COMPLETE', documents: index.documentCount };
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]> {
    const index = await this.ensureIndex();
    const results = index.search(request.query, {
      filter: (r) => matches(r.metadata as PostMetadata, request.filters),
    });
    const top = results.slice(0, request.limit);
    const texts = await Promise.all(top.map((r: SearchResult) => this.documents.read(String(r.id))));
    return top.map((r: SearchResult, i) => ({
      text: texts[i]?.text ?? '',
      score: round(r.score),
      metadata: r.metadata as PostMetadata,
      uri: this.documents.uri(String(r.id)),
    }));
  }

  /** Documents indexed (for reports). */
  async size(): Promise<number> {
    return (await this.ensureIndex()).documentCount;
  }

  private async currentRevision(): Promise<string> {
    return (await this.state.load())?.revision ?? 'empty';
  }

  /** The manifest says what the store holds, so no listing (which is a full scan on some stores). */
  private async documentIds(): Promise<string[]> {
    const manifest = await this.state.load();
    if (!manifest) return this.documents.list();
    return [...manifest.entries.postIds].map(documentIdFor).sort();
  }

  private async ensureIndex(): Promise<MiniSearch<IndexedPost>> {
    const revision = await this.currentRevision();
    if (this.index && this.revision === revision) return this.index;
    const cached = await this.readCache(revision);
    if (cached) {
      this.index = cached;
      this.revision = revision;
      return cached;
    }
    return this.rebuild(revision);
  }

  private async rebuild(revision: string): Promise<MiniSearch<IndexedPost>> {
    const index = new MiniSearch<IndexedPost>(INDEX_OPTIONS);
    const ids = await this.documentIds();
    const batch = 2000;
    for (let i = 0; i < ids.length; i += batch) {
      const docs: StoredDocument[] = [];
      await eachLimited(ids.slice(i, i + batch), this.options.readConcurrency ?? 32, async (id) => {
        const doc = await this.documents.read(id);
        if (doc) docs.push(doc);
      });
      docs.sort((a, b) => (a.docId < b.docId ? -1 : 1)); // same insertion order every build: same tie order
      index.addAll(docs.map(toIndexed));
    }
    this.index = index;
    this.revision = revision;
    await this.writeCache(revision, index);
    return index;
  }

  private async readCache(revision: string): Promise<MiniSearch<IndexedPost> | undefined> {
    if (!this.options.cacheFile) return undefined;
    try {
      const raw = await readFile(this.options.cacheFile, 'utf8');
      const cache = JSON.parse(raw) as { version: number; revision: string; index: unknown };
      if (cache.version !== INDEX_VERSION || cache.revision !== revision) return undefined;
      return MiniSearch.loadJS<IndexedPost>(cache.index as Parameters<typeof MiniSearch.loadJS>[0], INDEX_OPTIONS);
    } catch {
      return undefined; // no cache, or an unreadable one: rebuilding is always correct
    }
  }

  private async writeCache(revision: string, index: MiniSearch<IndexedPost>): Promise<void> {
    const file = this.options.cacheFile;
    if (!file) return;
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: INDEX_VERSION, revision, index }));
    await rename(tmp, file); // readers never see half a cache
  }
}

function toIndexed(doc: StoredDocument): IndexedPost {
  const fields = parsePostDocumentText(doc.text);
  return { docId: doc.docId, ...fields, metadata: doc.metadata };
}

function matches(metadata: PostMetadata, filters: RetrievalFilters): boolean {
  if (filters.city && metadata.city?.toLowerCase() !== filters.city.toLowerCase()) return false;
  if (filters.creator && metadata.creator !== filters.creator.toLowerCase()) return false;
  if (filters.minLikes !== undefined && !(metadata.likes !== undefined && metadata.likes >= filters.minLikes))
    return false;
  return true;
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
