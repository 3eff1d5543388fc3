import { Logger } from '@aws-lambda-powertools/logger';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { IngestLambdaConfig } from './config';
import { openIngestLambdaIngestion, type IngestLambdaRuntime } from './composition';
import { parseIngestEvent, parseSqsMessage } from './events/parse-ingest-event';
import { UnsupportedEventError } from './events/upload-notice';
import { IngestFailedError, ingestNotices, type FileOutcome, type IngestBudget } from './ingest-notices';
import { followKnowledge, type KnowledgeFollowUp } from './knowledge-follow-up';

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
export interface DirectResponse {
  source: 's3' | 'eventbridge';
  testEvent?: boolean;
  files: FileOutcome[];
}

/**
 * The ingest Lambda's handler: S3, SQS-wrapped S3 and EventBridge upload events -> IngestCsvFile per object. SQS
 * batches report partial failures through Powertools' batch utility; direct events throw, so Lambda retries them
 * (files already done are recognised and skipped). Config, logger and the lake engine are created on the first
 * invocation that needs them and kept while the execution environment is warm.
 */
export function createIngestHandler(loadConfig: () => IngestLambdaConfig) {
  let config: IngestLambdaConfig | undefined;
  let logger: Logger | undefined;
  let ingestion: Promise<IngestLambdaRuntime> | undefined;
  const open = (cfg: IngestLambdaConfig) =>
    (ingestion ??= openIngestLambdaIngestion(cfg).catch((error) => {
      ingestion = undefined; // a failed cold start must not poison the warm environment
      throw error;
    }));
  const budgetOf = (cfg: IngestLambdaConfig, context?: Context): IngestBudget => ({
    remainingMs: () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY,
    reserveMs: cfg.timeReserveMs,
  });

  async function handler(event: unknown, context?: Context): Promise<SqsBatchResponse | DirectResponse> {
    config ??= loadConfig();
    logger ??= new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
    const [cfg, log] = [config, logger];
    if (context) log.addContext(context);
    const parsed = parseIngestEvent(event);
    const budget = budgetOf(cfg, context);

    let knowledge: KnowledgeFollowUp | undefined;
    const runtime = async () => {
      const opened = await open(cfg);
      knowledge ??= followKnowledge(opened, log);
      return opened;
    };

    if (parsed.source === 'sqs') {
      const record = async (message: SQSRecord) => {
        const parsedMessage = parseSqsMessage(message);
        if ('unreadable' in parsedMessage) {
          log.error('unreadable SQS message', { messageId: message.messageId, error: parsedMessage.unreadable });
          throw new UnsupportedEventError(parsedMessage.unreadable);
        }
        if (parsedMessage.testEvent) return log.info('s3:TestEvent acknowledged', { messageId: message.messageId });
        const opened = await runtime();
        const outcomes = await ingestNotices(parsedMessage.notices, opened, log, budget, knowledge?.afterFile);
        const failed = outcomes.filter((o) => o.status === 'failed');
        if (failed.length) throw new IngestFailedError(failed);
      };
      // One message after the other: the lake has one writer.
      const response = await processPartialResponse(event as SQSEvent, record, new BatchProcessor(EventType.SQS), {
        context,
        processInParallel: false,
        throwOnFullBatchFailure: false,
      });
      await knowledge?.finish();
      return response;
    }
    if (parsed.source === 's3' && parsed.testEvent) {
      log.info('s3:TestEvent acknowledged');
      return { source: 's3', testEvent: true, files: [] };
    }
    const files = parsed.notices.length
      ? await ingestNotices(parsed.notices, await runtime(), log, budget, (r) => knowledge!.afterFile(r))
      : [];
    await knowledge?.finish();
    const failed = files.filter((f) => f.status === 'failed');
    if (failed.length) throw new IngestFailedError(failed);
    return { source: parsed.source, files };
  }

  /** Closes the DuckDB engine (tests, local replays); Lambda simply freezes the environment. */
  async function dispose(): Promise<void> {
    const opened = ingestion;
    ingestion = undefined;
    (await opened?.catch(() => undefined))?.close();
  }

  return { handler, dispose };
}
