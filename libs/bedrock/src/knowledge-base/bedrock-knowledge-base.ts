import { BedrockAgentClient, IngestionJobStatus, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import {
  BedrockAgentRuntimeClient,
  KnowledgeBaseRetrievalResult,
  RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import {
  IngestionJob,
  IngestionStatus,
  KnowledgeBase,
  KnowledgeBaseBusyError,
  KnowledgeBaseUnavailableError,
  postMetadataFrom,
  RetrievalRequest,
  RetrievedChunk,
} from '@instalake/knowledge';
import { retrievalFilterFor } from './retrieval-filter';

export interface BedrockKnowledgeBaseOptions {
  readonly knowledgeBaseId: string;
  /** The S3 data source over the post documents (inclusion prefix `<prefix>posts/`). */
  readonly dataSourceId: string;
  readonly agentClient: BedrockAgentClient;
  /** Needed for `retrieve` only: a writer that just syncs documents (the ingest Lambda) leaves it out. */
  readonly runtimeClient?: BedrockAgentRuntimeClient;
  /** Idempotency token for StartIngestionJob (the SDK generates one when absent). */
  readonly clientToken?: () => string | undefined;
}

const KNOWN_STATUSES: readonly IngestionStatus[] = [
  'STARTING',
  'IN_PROGRESS',
  'COMPLETE',
  'FAILED',
  'STOPPING',
  'STOPPED',
];

/** KnowledgeBase on Amazon Bedrock Knowledge Bases: StartIngestionJob to sync, Retrieve to search. */
export class BedrockKnowledgeBase implements KnowledgeBase {
  constructor(private readonly options: BedrockKnowledgeBaseOptions) {}

  async startIngestion(): Promise<IngestionJob> {
    const { knowledgeBaseId, dataSourceId } = this.options;
    try {
      const out = await this.options.agentClient.send(
        new StartIngestionJobCommand({
          knowledgeBaseId,
          dataSourceId,
          description: 'instalake kb sync',
          clientToken: this.options.clientToken?.(),
        }),
      );
      const job = out.ingestionJob;
      const status = (job?.status ?? IngestionJobStatus.STARTING) as IngestionStatus;
      return { jobId: job?.ingestionJobId ?? '', status: KNOWN_STATUSES.includes(status) ? status : 'STARTING' };
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const message = (error as Error).message ?? String(error);
      // One ingestion job per data source at a time: a running job is not a failure of the sync.
      if (
        name === 'ConflictException' ||
        name === 'ServiceQuotaExceededException' ||
        (name === 'ValidationException' && /ongoing|in progress|already/i.test(message))
      ) {
        throw new KnowledgeBaseBusyError(`${name}: ${message}`, { cause: error });
      }
      throw new KnowledgeBaseUnavailableError(
        `StartIngestionJob on ${knowledgeBaseId}/${dataSourceId}`,
        `${name}: ${message}`,
        { cause: error },
      );
    }
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievedChunk[]> {
    const filter = retrievalFilterFor(request.filters);
    const runtime = this.options.runtimeClient;
    if (!runtime)
      throw new KnowledgeBaseUnavailableError(
        `Retrieve on ${this.options.knowledgeBaseId}`,
        'this BedrockKnowledgeBase was built without a runtime client (pass runtimeClient to search)',
      );
    try {
      const out = await runtime.send(
        new RetrieveCommand({
          knowledgeBaseId: this.options.knowledgeBaseId,
          retrievalQuery: { text: request.query },
          retrievalConfiguration: {
            vectorSearchConfiguration: {
              numberOfResults: Math.min(100, Math.max(1, request.limit)),
              ...(filter ? { filter } : {}),
            },
          },
        }),
      );
      return (out.retrievalResults ?? []).map(toChunk).filter((c): c is RetrievedChunk => c !== undefined);
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      throw new KnowledgeBaseUnavailableError(
        `Retrieve on ${this.options.knowledgeBaseId}`,
        `${name}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

function toChunk(result: KnowledgeBaseRetrievalResult): RetrievedChunk | undefined {
  const metadata = postMetadataFrom((result.metadata ?? {}) as Record<string, unknown>);
  const uri = result.location?.s3Location?.uri ?? stringOf(result.metadata?.['x-amz-bedrock-kb-source-uri']);
  // Documents from elsewhere in the data source carry no post_id: fall back to the file name.
  const postId = metadata.post_id || (uri ? /([^/]+)\.txt$/.exec(uri)?.[1] : undefined);
  if (!postId) return undefined;
  return {
    text: result.content?.text ?? '',
    score: result.score ?? 0,
    metadata: { ...metadata, post_id: postId },
    uri,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
