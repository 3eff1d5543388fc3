import type { Clock } from '../ports/clock';
import type { ObjectStore } from '../ports/object-store';
import { DEFAULT_UPLOAD_POLICY, UploadPolicy } from '../upload-policy';
import type { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import type { IngestFileResult } from '../ingest-csv-file/ingest-file-result';
import { FileRejectedError } from '../errors';
import { checkObjectKey } from '../object-key';

/**
 * Sends a (fixed) dead-letter file back through ingestion: `dlq/post_results.csv` or its `.rejects.csv`
 * is copied to `uploads/<name>.replay-<time>.csv` (the name keeps the file kind) and ingested.
 * The rejects file's extra columns (line, reason, raw_record) are ignored as extra columns.
 */
export class ReplayDeadLetter {
  constructor(
    private readonly store: ObjectStore,
    private readonly ingest: IngestCsvFile,
    private readonly clock: Clock,
    private readonly policy: UploadPolicy = DEFAULT_UPLOAD_POLICY,
  ) {}

  async execute(bucket: string, deadLetterKey: string): Promise<IngestFileResult> {
    // Before the prefix check: dlq/../uploads/x.csv starts with dlq/ but names uploads/x.csv in a folder.
    checkObjectKey(deadLetterKey);
    if (!deadLetterKey.startsWith(this.policy.deadLetterPrefix) || deadLetterKey.endsWith('.error.json')) {
      throw new FileRejectedError(
        'NOT_AN_UPLOAD',
        `${deadLetterKey} is not a dead-letter CSV: pass a key under ${this.policy.deadLetterPrefix} such as ` +
          `${this.policy.deadLetterPrefix}post_results.csv or ${this.policy.deadLetterPrefix}post_results.csv.rejects.csv.`,
      );
    }
    const relative = deadLetterKey.slice(this.policy.deadLetterPrefix.length).replace(/\.rejects\.csv$/i, '');
    const stem = relative.replace(/\.csv$/i, '');
    const stamp = this.clock
      .now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const target = { bucket, key: `${this.policy.uploadPrefix}${stem}.replay-${stamp}.csv` };
    await this.store.copy({ bucket, key: deadLetterKey }, target);
    return this.ingest.execute(target);
  }
}
