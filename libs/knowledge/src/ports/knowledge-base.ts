import { PostMetadata } from '../documents/post-metadata';

/** Metadata filters a search may carry. Values are canonical (city via CITY_ALIASES, creator without "@"). */
export interface RetrievalFilters {
  readonly city?: string;
  readonly creator?: string;
  readonly minLikes?: number;
}

export interface RetrievalRequest {
  readonly query: string;
  readonly filters: RetrievalFilters;
  readonly limit: number;
}

/** One retrieved chunk, as Bedrock's Retrieve returns it (a post document is usually one chunk). */
export interface RetrievedChunk {
  readonly text: string;
  /** Relevance, higher is better; the scale depends on the knowledge base (Bedrock: 0..1, local: BM25+). */
  readonly score: number;
  readonly metadata: PostMetadata;
  readonly uri?: string;
}

export type IngestionStatus = 'STARTING' | 'IN_PROGRESS' | 'COMPLETE' | 'FAILED' | 'STOPPING' | 'STOPPED';

export interface IngestionJob {
  readonly jobId: string;
  readonly status: IngestionStatus;
  /** Documents indexed, when the knowledge base indexes synchronously (local). */
  readonly documents?: number;
}

/** The searchable index over post documents: Bedrock Knowledge Bases in AWS, BM25 locally. */
export interface KnowledgeBase {
  /** Asks the knowledge base to (re)read the document store. */
  startIngestion(): Promise<IngestionJob>;
  retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]>;
}

/** Fake KnowledgeBase: counts ingestion starts, answers retrieve with the chunks it was given. */
export class InMemoryKnowledgeBase implements KnowledgeBase {
  ingestions = 0;
  requests: RetrievalRequest[] = [];
  failNextStart?: Error;
  constructor(public chunks: RetrievedChunk[] = []) {}

  async startIngestion(): Promise<IngestionJob> {
    if (this.failNextStart) {
      const error = this.failNextStart;
      this.failNextStart = undefined;
      throw error;
    }
    this.ingestions++;
    return { jobId: `fake-${this.ingestions}`, status: 'STARTING' };
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]> {
    this.requests.push(request);
    return this.chunks.slice(0, request.limit);
  }
}
