import type { SyncKnowledgeDocuments, SyncReport } from '../sync-knowledge-documents/sync-knowledge-documents';

/**
 * Keeps the knowledge base in step with one batch of ingestion (one Lambda invocation): after each file that
 * changed the lake, the changed post documents are written (incrementally: unchanged posts are not rewritten);
 * at the end, one ingestion job is started if any document changed. Create one per batch.
 */
export class KnowledgeIngestBatch {
  private attempted = false;

  constructor(private readonly sync: SyncKnowledgeDocuments) {}

  /** `changedRows`: rows the file landed in posts or restaurants (a profile's city changes its posts' documents). */
  async fileIngested(changedRows: number): Promise<SyncReport | undefined> {
    if (changedRows <= 0) return undefined;
    this.attempted = true;
    return this.sync.execute({ startIngestion: false });
  }

  /** At most one ingestion job per batch; none when no file of the batch changed the lake. */
  async finish(): Promise<SyncReport['ingestion']> {
    if (!this.attempted) return { status: 'NOT_NEEDED' };
    return this.sync.startPendingIngestion();
  }
}
