import { Clock, systemClock } from '@instalake/ingestion';
import { DOCUMENT_FORMAT_VERSION, renderPostDocument, documentIdFor } from '../documents/post-document';
import { KnowledgeBaseBusyError } from '../errors';
import { DocumentStore } from '../ports/document-store';
import { IngestionJob, KnowledgeBase } from '../ports/knowledge-base';
import { PostSource } from '../ports/post-source';
import { EMPTY_ENTRIES, manifestRevision, SyncManifest, SyncState } from '../ports/sync-state';

export interface SyncOptions {
  /** Ignore the manifest and rewrite every document. */
  readonly full?: boolean;
  /** Start an ingestion job when documents changed (default true). */
  readonly startIngestion?: boolean;
}

export interface SyncReport {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
  /** Documents in the store after the sync. */
  readonly documents: number;
  readonly ingestion:
    | { readonly status: 'STARTED'; readonly job: IngestionJob }
    | { readonly status: 'NOT_NEEDED' | 'SKIPPED' }
    | { readonly status: 'DEFERRED'; readonly reason: string };
  readonly durationMs: number;
}

/**
 * Brings the knowledge base's documents in line with the lake: writes new and changed posts (by content
 * hash), deletes documents of posts that left the lake, saves the manifest, then starts an ingestion job.
 * A second run with no lake change writes nothing and starts nothing.
 *
 * The manifest is saved only after every write and delete succeeded, so a failed sync is redone in full by
 * the next one (writes are idempotent). Ingestion that could not start stays pending in the manifest.
 */
export class SyncKnowledgeDocuments {
  constructor(
    private readonly source: PostSource,
    private readonly documents: DocumentStore,
    private readonly state: SyncState,
    private readonly knowledgeBase: KnowledgeBase,
    private readonly clock: Clock = systemClock,
    private readonly pageSize = 1000,
  ) {}

  async execute(options: SyncOptions = {}): Promise<SyncReport> {
    const started = Date.now();
    const previous = await this.state.load();
    const usable = previous && previous.formatVersion === DOCUMENT_FORMAT_VERSION && !options.full;
    const baseline = usable ? previous.entries : EMPTY_ENTRIES;

    const outcome = await this.source.withSyncPlan(baseline, async (plan) => {
      let written = 0;
      for await (const page of plan.postsToWrite(this.pageSize)) {
        await this.documents.put(page.map(renderPostDocument));
        written += page.length;
      }
      await this.documents.delete(plan.removed.map(documentIdFor));
      return { added: plan.added, updated: plan.changed, removed: plan.removed.length, written, next: plan.next };
    });

    const changedSomething = outcome.written > 0 || outcome.removed > 0;
    const manifest: SyncManifest = {
      formatVersion: DOCUMENT_FORMAT_VERSION,
      entries: outcome.next,
      revision: manifestRevision(outcome.next),
      pendingIngestion: changedSomething || Boolean(previous?.pendingIngestion) || !previous,
      syncedAt: this.clock.now().toISOString(),
    };
    await this.state.save(manifest);

    let ingestion: SyncReport['ingestion'] = { status: 'NOT_NEEDED' };
    if (manifest.pendingIngestion)
      ingestion = options.startIngestion === false ? { status: 'SKIPPED' } : await this.startIngestion(manifest);

    const documents = outcome.next.postIds.length;
    return {
      added: outcome.added,
      updated: outcome.updated,
      removed: outcome.removed,
      unchanged: documents - outcome.added - outcome.updated,
      documents,
      ingestion,
      durationMs: Date.now() - started,
    };
  }

  /**
   * Starts the ingestion job that earlier syncs left pending (`execute({ startIngestion: false })` after each file
   * of a batch, then this once at the end of it): at most one job per call, none when nothing changed.
   */
  async startPendingIngestion(): Promise<SyncReport['ingestion']> {
    const manifest = await this.state.load();
    if (!manifest?.pendingIngestion) return { status: 'NOT_NEEDED' };
    return this.startIngestion(manifest);
  }

  /** A busy knowledge base (one job per data source) leaves the ingestion pending for the next call. */
  private async startIngestion(manifest: SyncManifest): Promise<SyncReport['ingestion']> {
    try {
      const job = await this.knowledgeBase.startIngestion();
      await this.state.save({ ...manifest, pendingIngestion: false });
      return { status: 'STARTED', job };
    } catch (error) {
      if (!(error instanceof KnowledgeBaseBusyError)) throw error;
      return { status: 'DEFERRED', reason: error.message };
    }
  }
}
