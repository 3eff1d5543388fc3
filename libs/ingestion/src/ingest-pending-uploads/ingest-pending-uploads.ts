import type { IngestLog } from '../ports/ingest-log';
import type { ObjectInfo, ObjectStore } from '../ports/object-store';
import { Clock, systemClock } from '../ports/clock';
import { DEFAULT_UPLOAD_POLICY, isUploadKey, UploadPolicy } from '../upload-policy';
import type { IngestCsvFile } from '../ingest-csv-file/ingest-csv-file';
import type { IngestFileResult } from '../ingest-csv-file/ingest-file-result';

export interface PendingUploadsOptions {
  /**
   * Ingest a file only once it is complete: its size and modification time unchanged for this long (across calls,
   * or since its modification time for a file seen for the first time). For folders a writer may still be filling;
   * S3 objects are complete when listed (0, the default). Writers that pause longer than this should write to a
   * name that does not end in .csv and rename the file when done (only *.csv keys are uploads).
   */
  readonly settleMs?: number;
}

/**
 * Ingests every upload not yet in the ingest log: the local stand-in for the S3 trigger (`instalake watch`),
 * and the catch-up after an outage. Files run one at a time: one writer per table.
 */
export class IngestPendingUploads {
  /** Size and modification time of each upload still settling, and when it was first seen so. */
  private readonly settling = new Map<string, { size: number; modified: number | undefined; since: number }>();

  constructor(
    private readonly store: ObjectStore,
    private readonly log: IngestLog,
    private readonly ingest: IngestCsvFile,
    private readonly policy: UploadPolicy = DEFAULT_UPLOAD_POLICY,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(bucket: string, options: PendingUploadsOptions = {}): Promise<IngestFileResult[]> {
    const settleMs = options.settleMs ?? 0;
    const results: IngestFileResult[] = [];
    for (const object of await this.store.list(bucket, this.policy.uploadPrefix)) {
      if (!isUploadKey(object.key, this.policy)) continue;
      if (settleMs > 0 && !this.isSettled(object, settleMs)) continue;
      this.settling.delete(`${object.bucket}/${object.key}`);
      if (await this.log.findCompleted(bucket, object.key, object.versionId ?? object.etag)) continue;
      results.push(await this.ingest.execute(object));
    }
    return results;
  }

  private isSettled(object: ObjectInfo, settleMs: number): boolean {
    const id = `${object.bucket}/${object.key}`;
    const now = this.clock.now().getTime();
    const modified = object.lastModified?.getTime();
    const seen = this.settling.get(id);
    if (seen && seen.size === object.size && seen.modified === modified) return now - seen.since >= settleMs;
    this.settling.set(id, { size: object.size, modified, since: now });
    // A file seen for the first time (e.g. there before `watch` started) is complete if it has not changed for as long.
    return seen === undefined && modified !== undefined && now - modified >= settleMs;
  }
}
