import type { Logger } from '@aws-lambda-powertools/logger';
import { InstalakeError } from '@instalake/errors';
import type { IngestFileResult } from '@instalake/ingestion';
import { KnowledgeIngestBatch } from '@instalake/knowledge';
import type { IngestLambdaRuntime } from './composition';

export interface KnowledgeFollowUp {
  /** After each file: the post documents its rows changed. */
  afterFile(result: IngestFileResult): Promise<void>;
  /** Once per invocation: the ingestion job, if documents changed. */
  finish(): Promise<void>;
}

/**
 * The knowledge base follows each invocation (one SQS batch): the changed post documents after each file that
 * landed rows, one ingestion job at the end. A failure is logged and never fails a file: the data is in the lake,
 * and the next sync (by content hash, not by event) writes what this one missed.
 */
export function followKnowledge(runtime: IngestLambdaRuntime, log: Logger): KnowledgeFollowUp {
  const batch = runtime.knowledge ? new KnowledgeIngestBatch(runtime.knowledge) : undefined;
  const fail = (what: string, error: unknown, fields: Record<string, unknown> = {}) =>
    log.error(what, {
      ...fields,
      errorCode: error instanceof InstalakeError ? error.code : undefined,
      error: error instanceof Error ? error.message : String(error),
    });
  return {
    afterFile: async (r: IngestFileResult) => {
      if (!batch) return;
      try {
        const report = await batch.fileIngested(r.landed);
        if (report)
          log.info('knowledge documents synced', {
            key: r.file,
            added: report.added,
            updated: report.updated,
            removed: report.removed,
            documents: report.documents,
            durationMs: report.durationMs,
          });
      } catch (error) {
        fail('knowledge sync failed', error, { key: r.file });
      }
    },
    finish: async () => {
      if (!batch) return;
      try {
        const ingestion = await batch.finish();
        if (ingestion.status !== 'NOT_NEEDED')
          log.info('knowledge ingestion', {
            status: ingestion.status,
            jobId: ingestion.status === 'STARTED' ? ingestion.job.jobId : undefined,
            reason: ingestion.status === 'DEFERRED' ? ingestion.reason : undefined,
          });
      } catch (error) {
        fail('knowledge ingestion failed', error);
      }
    },
  };
}
