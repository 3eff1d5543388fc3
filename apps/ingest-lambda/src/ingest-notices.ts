import type { Logger } from '@aws-lambda-powertools/logger';
import { InstalakeError } from '@instalake/errors';
import { isUploadKey, type IngestFileResult } from '@instalake/ingestion';
import type { Ingestion } from '@instalake/composition';
import type { UploadNotice } from './events/upload-notice';
import { maskPhonesInText } from '@instalake/lake-schema';

/** What happened to one announced object. `ignored`: not an upload; `failed`: will be redelivered by the source. */
export type FileOutcome =
  | IngestFileResult
  | {
      readonly file: string;
      readonly bucket: string;
      readonly status: 'ignored' | 'failed';
      readonly error?: { code: string; message: string };
    };

/** A file not started because the invocation was about to time out; its event is redelivered, so it is not lost. */
export class OutOfTimeError extends InstalakeError {
  constructor(remainingMs: number, reserveMs: number) {
    super(
      'OUT_OF_TIME',
      `Not started: ${remainingMs} ms of the invocation were left, less than the ${reserveMs} ms kept in reserve ` +
        '(INGEST_TIME_RESERVE_MS). The event is redelivered and the file ingested then.',
    );
  }
}

export interface IngestBudget {
  /** Milliseconds left in the invocation (the Lambda context's clock). */
  remainingMs(): number;
  readonly reserveMs: number;
}

/**
 * Ingests each upload in order, one log line per file (counts and duration, never content); never throws.
 * `afterFile` runs after each file that was ingested (the knowledge sync); it must not throw either.
 */
export async function ingestNotices(
  notices: readonly UploadNotice[],
  ingestion: Ingestion,
  log: Logger,
  budget: IngestBudget,
  afterFile?: (result: IngestFileResult) => Promise<void>,
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const notice of notices) {
    const where = { file: notice.key, bucket: notice.bucket };
    if (!isUploadKey(notice.key, ingestion.policy)) {
      log.debug('ignored: not an upload', { ...where, uploadPrefix: ingestion.policy.uploadPrefix });
      outcomes.push({ ...where, status: 'ignored' });
      continue;
    }
    try {
      const remaining = budget.remainingMs();
      if (remaining < budget.reserveMs) throw new OutOfTimeError(remaining, budget.reserveMs);
      const r = await ingestion.ingestCsvFile.execute({ bucket: notice.bucket, key: notice.key });
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
      if (r.status === 'ingested') await afterFile?.(r);
    } catch (error) {
      const failure = {
        code: error instanceof InstalakeError ? error.code : 'INGEST_ERROR',
        message: error instanceof Error ? error.message : String(error),
      };
      log.error('file failed', {
        ...where,
        key: notice.key,
        eventEtag: notice.etag,
        errorCode: failure.code,
        error: maskPhonesInText(failure.message),
      });
      outcomes.push({ ...where, status: 'failed', error: failure });
    }
  }
  return outcomes;
}

export class IngestFailedError extends InstalakeError {
  constructor(readonly failed: readonly FileOutcome[]) {
    super(
      'INGEST_FAILED',
      `${failed.length} file(s) could not be ingested and will be retried: ${failed.map((f) => `s3://${f.bucket}/${f.file}`).join(', ')}. ` +
        'The other files of this event were ingested; see the log lines per file for the cause.',
    );
  }
}
