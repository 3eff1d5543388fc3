import { InstalakeError } from '@instalake/errors';

/** One "an object was created" notice, whatever envelope it came in, with its key already decoded. */
export interface UploadNotice {
  readonly bucket: string;
  readonly key: string;
  /** As announced by the event; the use case re-reads the object's current etag/versionId. */
  readonly etag?: string;
  readonly versionId?: string;
}

/** What one invocation carries, by envelope. SQS keeps its messages apart for partial batch failures. */
export type IngestEvent =
  | { readonly source: 's3'; readonly notices: readonly UploadNotice[]; readonly testEvent: boolean }
  | { readonly source: 'eventbridge'; readonly notices: readonly UploadNotice[] }
  | { readonly source: 'sqs'; readonly messages: readonly SqsMessage[] };

export type SqsMessage =
  | { readonly messageId: string; readonly notices: readonly UploadNotice[]; readonly testEvent: boolean }
  | { readonly messageId: string; readonly unreadable: string };

export class UnsupportedEventError extends InstalakeError {
  constructor(detail: string) {
    super(
      'UNSUPPORTED_EVENT',
      `The ingest Lambda cannot read this event: ${detail}. It accepts S3 notifications ({"Records":[{"s3":...}]}), ` +
        `the same wrapped in SQS, and EventBridge "Object Created" events from aws.s3.`,
    );
  }
}
