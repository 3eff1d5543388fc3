import type { IngestLog } from '../ports/ingest-log';
import type { ObjectStore } from '../ports/object-store';
import { DEFAULT_UPLOAD_POLICY, isUploadKey, UploadPolicy } from '../upload-policy';
import type { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import type { IngestFileResult } from '../ingest-csv-file/ingest-file-result';

/**
 * Ingests every upload not yet in the ingest log: the local stand-in for the S3 trigger (`instalake watch`),
 * and the catch-up after an outage. Files run one at a time: one writer per table.
 */
export class IngestPendingUploads {
  constructor(
    private readonly store: ObjectStore,
    private readonly log: IngestLog,
    private readonly ingest: IngestCsvFile,
    private readonly policy: UploadPolicy = DEFAULT_UPLOAD_POLICY,
  ) {}

  async execute(bucket: string): Promise<IngestFileResult[]> {
    const results: IngestFileResult[] = [];
    for (const object of await this.store.list(bucket, this.policy.uploadPrefix)) {
      if (!isUploadKey(object.key, this.policy)) continue;
      if (await this.log.findCompleted(bucket, object.key, object.versionId ?? object.etag)) continue;
      results.push(await this.ingest.execute(object));
    }
    return results;
  }
}
