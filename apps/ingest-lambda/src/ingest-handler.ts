import { mkdir } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { IngestCsvFile, isUploadKey, type IngestFileResult, type UploadPolicy } from '@instalake/ingestion';
import type { DuckDbLakeEngine } from '@instalake/duckdb';
import type { IngestLambdaConfig } from './config';
import { createContainer, LAKE_ENGINE, UPLOAD_POLICY } from './composition';
import {
  checkLakeTablesRequest,
  isCustomResourceRequest,
  LAKE_TABLES_RESOURCE_ID,
  type LakeTablesRequest,
  type LakeTablesResponse,
} from './events/lake-tables-request';
import { parseIngestEvent } from './events/parse-ingest-event';
import type { UploadNotice } from './events/upload-notice';

/** What happened to one announced object. `ignored`: not an upload; `failed`: will be retried by the event source. */
export type FileOutcome =
  | IngestFileResult
  | {
      readonly file: string;
      readonly bucket: string;
      readonly status: 'ignored' | 'failed';
      readonly error?: { code: string; message: string };
    };

export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
export interface DirectResponse {
  source: 's3' | 'eventbridge';
  testEvent?: boolean;
  files: FileOutcome[];
}

export class IngestFailedError extends Error {
  readonly code = 'INGEST_FAILED';
  constructor(readonly failed: readonly FileOutcome[]) {
    super(
      `${failed.length} file(s) could not be ingested and will be retried: ${failed.map((f) => `s3://${f.bucket}/${f.file}`).join(', ')}. ` +
        'The other files of this event were ingested; see the log lines per file for the cause.',
    );
    this.name = 'IngestFailedError';
  }
}

interface Runtime {
  readonly ingest: IngestCsvFile;
  readonly policy: UploadPolicy;
  readonly engine: DuckDbLakeEngine;
}

/**
 * Builds the Lambda handler. Config, container and DuckDB engine are created on the first invocation and
 * reused while the execution environment stays warm.
 */
export function createIngestHandler(loadConfig: () => IngestLambdaConfig) {
  let config: IngestLambdaConfig | undefined;
  let logger: Logger | undefined;
  let runtime: Promise<Runtime> | undefined;

  const setUp = (): { config: IngestLambdaConfig; logger: Logger } => {
    config ??= loadConfig();
    logger ??= new Logger({ serviceName: 'instalake-ingest', logLevel: config.logLevel });
    return { config, logger };
  };

  const open = (cfg: IngestLambdaConfig): Promise<Runtime> => {
    runtime ??= (async () => {
      await mkdir(cfg.scratchDirectory, { recursive: true });
      const container = createContainer(cfg);
      return {
        ingest: await container.getAsync(IngestCsvFile),
        policy: container.get<UploadPolicy>(UPLOAD_POLICY),
        engine: await container.getAsync<DuckDbLakeEngine>(LAKE_ENGINE),
      };
    })().catch((error) => {
      runtime = undefined; // a failed cold start must not poison the warm environment
      throw error;
    });
    return runtime;
  };

  async function ingestAll(notices: readonly UploadNotice[], rt: Runtime, log: Logger): Promise<FileOutcome[]> {
    const outcomes: FileOutcome[] = [];
    for (const notice of notices) {
      if (!isUploadKey(notice.key, rt.policy)) {
        log.debug('ignored: not an upload', {
          bucket: notice.bucket,
          key: notice.key,
          uploadPrefix: rt.policy.uploadPrefix,
        });
        outcomes.push({ file: notice.key, bucket: notice.bucket, status: 'ignored' });
        continue;
      }
      try {
        const r = await rt.ingest.execute({ bucket: notice.bucket, key: notice.key });
        // One line per file: counts and duration, never the file's content.
        log[r.status === 'rejected' ? 'warn' : 'info'](`file ${r.status}`, {
          bucket: r.bucket,
          key: r.file,
          etag: r.etag,
          eventEtag: notice.etag,
          versionId: notice.versionId,
          table: r.table,
          status: r.status,
          rowsRead: r.rowsRead,
          landed: r.landed,
          duplicates: r.duplicates,
          rejected: r.rejected,
          deadLetterKey: r.deadLetterKey,
          errorCode: r.error?.code,
          durationMs: r.durationMs,
        });
        outcomes.push(r);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const failure = {
          code: typeof code === 'string' ? code : 'INGEST_ERROR',
          message: error instanceof Error ? error.message : String(error),
        };
        log.error('file failed', {
          bucket: notice.bucket,
          key: notice.key,
          eventEtag: notice.etag,
          errorCode: failure.code,
          error: failure.message,
        });
        outcomes.push({ file: notice.key, bucket: notice.bucket, status: 'failed', error: failure });
      }
    }
    return outcomes;
  }

  /** Deploy time: opening the engine runs the catalog's idempotent CREATE SCHEMA/TABLE IF NOT EXISTS. */
  async function ensureLakeTables(
    request: LakeTablesRequest,
    cfg: IngestLambdaConfig,
    log: Logger,
  ): Promise<LakeTablesResponse> {
    checkLakeTablesRequest(request);
    if (request.RequestType === 'Delete') {
      // The tables hold the product's data: removing the stack must not drop them (the Glue database has its own policy).
      log.info('lake tables kept on Delete', { requestId: request.RequestId });
      return { PhysicalResourceId: LAKE_TABLES_RESOURCE_ID, Data: {} };
    }
    const { engine } = await open(cfg);
    const tables = await engine.withConnection(async (c) =>
      (
        await c.runAndReadAll(
          `SELECT table_name FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'instagram_db' ORDER BY table_name`,
        )
      )
        .getRows()
        .map(([name]) => String(name)),
    );
    log.info('lake tables ensured', {
      requestType: request.RequestType,
      requestId: request.RequestId,
      catalog: engine.catalog.sourceLabel,
      tables,
    });
    return {
      PhysicalResourceId: LAKE_TABLES_RESOURCE_ID,
      Data: { Catalog: engine.catalog.kind, Tables: tables.join(',') },
    };
  }

  async function handler(event: unknown): Promise<SqsBatchResponse | DirectResponse | LakeTablesResponse> {
    const { config: cfg, logger: log } = setUp();
    if (isCustomResourceRequest(event)) return ensureLakeTables(event, cfg, log);
    const parsed = parseIngestEvent(event);

    if (parsed.source === 'sqs') {
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const message of parsed.messages) {
        if ('unreadable' in message) {
          log.error('unreadable SQS message', { messageId: message.messageId, error: message.unreadable });
          batchItemFailures.push({ itemIdentifier: message.messageId });
          continue;
        }
        if (message.testEvent) {
          log.info('s3:TestEvent acknowledged', { messageId: message.messageId });
          continue;
        }
        const outcomes = await ingestAll(message.notices, await open(cfg), log);
        if (outcomes.some((o) => o.status === 'failed')) batchItemFailures.push({ itemIdentifier: message.messageId });
      }
      return { batchItemFailures };
    }

    if (parsed.source === 's3' && parsed.testEvent) {
      log.info('s3:TestEvent acknowledged');
      return { source: 's3', testEvent: true, files: [] };
    }
    const files = parsed.notices.length ? await ingestAll(parsed.notices, await open(cfg), log) : [];
    const failed = files.filter((f) => f.status === 'failed');
    // Throwing makes Lambda retry the event; files already ingested are recognised and skipped then.
    if (failed.length) throw new IngestFailedError(failed);
    return { source: parsed.source, files };
  }

  /** Closes the DuckDB engine (tests, local replays); Lambda simply freezes the environment. */
  async function dispose(): Promise<void> {
    const rt = runtime;
    runtime = undefined;
    if (rt) (await rt.catch(() => undefined))?.engine.close();
  }

  return { handler, dispose };
}
