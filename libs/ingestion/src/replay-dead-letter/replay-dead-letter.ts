import type { Clock } from '../ports/clock';
import type { ObjectStore } from '../ports/object-store';
import { DEFAULT_UPLOAD_POLICY, splitExtension, UploadPolicy } from '../upload-policy';
import type { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import type { IngestFileResult } from '../ingest-csv-file/ingest-file-result';
import { FileRejectedError } from '../errors';
import { checkObjectKey } from '../object-key';

/**
 * Sends a (fixed) dead-letter file back through ingestion: `dlq/post_results.<tag>.csv` or its
 * `dlq/post_results.<tag>.rejects.csv` is copied to `uploads/post_results.<tag>.replay-<time>.csv` (or
 * `....replay-<time>.rejects.csv`: the name keeps the file kind, and says the cells were neutralised against formula
 * injection, which ingestion undoes) and ingested. The rejects file's line, reason and raw_record are extra columns.
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
    const { stem, extension } = splitExtension(deadLetterKey.slice(this.policy.deadLetterPrefix.length));
    if (
      !deadLetterKey.startsWith(this.policy.deadLetterPrefix) ||
      extension === '' ||
      /\.error\.json$/i.test(deadLetterKey)
    ) {
      throw new FileRejectedError(
        'NOT_AN_UPLOAD',
        `${deadLetterKey} is not a dead-letter file: pass a key under ${this.policy.deadLetterPrefix} such as ` +
          `${this.policy.deadLetterPrefix}post_results.<tag>.csv or ${this.policy.deadLetterPrefix}post_results.<tag>.rejects.csv ` +
          '(not its .error.json).',
      );
    }
    const stamp = this.clock
      .now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const target = { bucket, key: `${this.policy.uploadPrefix}${stem}.replay-${stamp}${extension}` };
    await this.store.copy({ bucket, key: deadLetterKey }, target);
    return this.ingest.execute(target);
  }
}
