import { FileLayout, maskPhonesInText, parseCsvHeader, resolveFileLayout } from '@instalake/lake-schema';
import { FileRejectedError } from '../errors';
import type { Clock } from '../ports/clock';
import type { IngestLog } from '../ports/ingest-log';
import type { LakeLoader } from '../ports/lake-loader';
import type { ObjectInfo, ObjectRef, ObjectStore } from '../ports/object-store';
import { DEFAULT_UPLOAD_POLICY, deadLetterKey, UploadPolicy } from '../upload-policy';
import type { IngestFileResult } from './ingest-file-result';

const HEADER_BYTES = 64 * 1024;

/**
 * Ingests one uploaded CSV into its lake table: idempotent per object version, nothing lost
 * (rows read = landed + duplicates + rejected), bad files and bad rows to the dead-letter area.
 */
export class IngestCsvFile {
  constructor(
    private readonly store: ObjectStore,
    private readonly loader: LakeLoader,
    private readonly log: IngestLog,
    private readonly clock: Clock,
    private readonly policy: UploadPolicy = DEFAULT_UPLOAD_POLICY,
  ) {}

  async execute(ref: ObjectRef): Promise<IngestFileResult> {
    const startedAt = this.clock.now();
    const info = await this.store.head(ref);
    const version = info.versionId ?? info.etag;
    const previous = await this.log.findCompleted(ref.bucket, ref.key, version);
    if (previous) {
      const result = this.result(info, startedAt, {
        status: 'skipped',
        table: previous.table,
        warnings: [
          `already ${previous.status} at ${previous.finishedAt.toISOString()} (same object version ${version})`,
        ],
      });
      await this.record(info, version, startedAt, result);
      return result;
    }

    let layout: FileLayout;
    let header: string[];
    try {
      ({ layout, header } = await this.readLayout(info));
    } catch (error) {
      if (error instanceof FileRejectedError) return this.rejectFile(info, version, startedAt, error, undefined);
      throw error;
    }

    const warnings = describeLayout(layout);
    let outcome;
    try {
      outcome = await this.store.withLocalCopy(info, (path) =>
        this.loader.loadCsv({ path, layout, header, loadedAt: startedAt }),
      );
    } catch (error) {
      if (error instanceof FileRejectedError) return this.rejectFile(info, version, startedAt, error, layout);
      throw error;
    }

    let rejectsKey: string | undefined;
    if (outcome.rejectsFile) {
      rejectsKey = deadLetterKey(info.key, '.rejects.csv', this.policy);
      try {
        await this.store.putFile({ bucket: info.bucket, key: rejectsKey }, outcome.rejectsFile, 'text/csv');
      } finally {
        await this.loader.discard(outcome.rejectsFile);
      }
      warnings.push(`${outcome.rejected} row(s) rejected: see ${rejectsKey}`);
    }

    const result = this.result(info, startedAt, {
      status: 'ingested',
      table: layout.table.name,
      rowsRead: outcome.rowsRead,
      landed: outcome.landed,
      duplicates: outcome.duplicates,
      rejected: outcome.rejected,
      rejectsKey,
      deadLetterKey: rejectsKey,
      warnings,
      // Reasons quote the rejected value, which may be a phone number: masked like every text leaving the lake.
      rejectSamples: outcome.rejectSamples.map((s) => ({ ...s, reason: maskPhonesInText(s.reason) })),
    });
    await this.record(info, version, startedAt, result);
    return result;
  }

  private async readLayout(info: ObjectInfo): Promise<{ layout: FileLayout; header: string[] }> {
    const head = new TextDecoder('utf-8', { fatal: false }).decode(await this.store.readHead(info, HEADER_BYTES));
    const header = parseCsvHeader(head);
    if (header.length === 0) {
      throw new FileRejectedError(
        'EMPTY_FILE',
        `${info.key} is empty: a CSV needs a header line and at least one row.`,
      );
    }
    const layout = resolveFileLayout(info.key, header);
    if (!layout) {
      throw new FileRejectedError(
        'UNKNOWN_FILE_KIND',
        `Cannot tell which table ${info.key} belongs to: name it post_results*.csv (posts) or instagram_results*.csv / ` +
          `instagram_restaurant_results*.csv (restaurants), or give it the required header (posts: post_id, creator, posted_date, likes; ` +
          `restaurants: restaurant_name, city). Header found: ${header.join(', ')}.`,
      );
    }
    if (layout.missingRequired.length > 0) {
      throw new FileRejectedError(
        'SCHEMA_MISMATCH',
        `${info.key} is a ${layout.table.name} file (by ${layout.decidedBy}) but its header lacks required column(s): ` +
          `${layout.missingRequired.join(', ')}. Header found: ${header.join(', ')}. Add the column(s) and upload it again.`,
      );
    }
    return { layout, header };
  }

  private async rejectFile(
    info: ObjectInfo,
    version: string,
    startedAt: Date,
    error: FileRejectedError,
    layout: FileLayout | undefined,
  ): Promise<IngestFileResult> {
    const dlqKey = deadLetterKey(info.key, '', this.policy);
    await this.store.copy(info, { bucket: info.bucket, key: dlqKey });
    const report = {
      code: error.code,
      message: error.message,
      source: { bucket: info.bucket, key: info.key, etag: info.etag, versionId: info.versionId },
      table: layout?.table.name,
      rejectedAt: this.clock.now().toISOString(),
      replay: `instalake replay ${dlqKey}`,
    };
    await this.store.put(
      { bucket: info.bucket, key: `${dlqKey}.error.json` },
      JSON.stringify(report, null, 2),
      'application/json',
    );
    const result = this.result(info, startedAt, {
      status: 'rejected',
      table: layout?.table.name,
      deadLetterKey: dlqKey,
      error: { code: error.code, message: error.message },
      warnings: [],
    });
    await this.record(info, version, startedAt, result);
    return result;
  }

  private result(
    info: ObjectInfo,
    startedAt: Date,
    fields: Partial<IngestFileResult> & Pick<IngestFileResult, 'status' | 'warnings'>,
  ): IngestFileResult {
    return {
      file: info.key,
      bucket: info.bucket,
      etag: info.etag,
      rowsRead: 0,
      landed: 0,
      duplicates: 0,
      rejected: 0,
      ...fields,
      durationMs: this.clock.now().getTime() - startedAt.getTime(),
    };
  }

  private record(info: ObjectInfo, version: string, startedAt: Date, r: IngestFileResult): Promise<void> {
    return this.log.append({
      bucket: info.bucket,
      key: info.key,
      etag: version,
      table: r.table,
      status: r.status,
      rowsRead: r.rowsRead,
      landed: r.landed,
      duplicates: r.duplicates,
      rejected: r.rejected,
      deadLetterKey: r.deadLetterKey,
      errorCode: r.error?.code,
      message: r.error?.message ?? (r.warnings.length ? r.warnings.join('; ') : undefined),
      startedAt,
      finishedAt: this.clock.now(),
    });
  }
}

function describeLayout(layout: FileLayout): string[] {
  const warnings: string[] = [];
  if (layout.extraColumns.length)
    warnings.push(`ignored column(s) not in ${layout.table.name}: ${layout.extraColumns.join(', ')}`);
  if (layout.duplicateColumns.length)
    warnings.push(`ignored repeated column(s): ${layout.duplicateColumns.join(', ')}`);
  if (layout.missingOptional.length)
    warnings.push(`column(s) absent, stored as NULL: ${layout.missingOptional.join(', ')}`);
  return warnings;
}
