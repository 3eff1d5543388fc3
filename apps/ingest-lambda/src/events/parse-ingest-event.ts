import { decodeS3Key } from './decode-s3-key';
import { IngestEvent, SqsMessage, UnsupportedEventError, UploadNotice } from './upload-notice';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Recognises the envelope of a Lambda event and extracts the created objects from it. */
export function parseIngestEvent(event: unknown): IngestEvent {
  if (!isObject(event))
    throw new UnsupportedEventError(`expected a JSON object, got ${event === null ? 'null' : typeof event}`);
  if (isS3TestEvent(event)) return { source: 's3', notices: [], testEvent: true };
  if (isEventBridgeS3(event)) return { source: 'eventbridge', notices: eventBridgeNotices(event) };
  const records = event.Records;
  if (Array.isArray(records)) {
    if (records.length > 0 && records.every((r) => isObject(r) && r.eventSource === 'aws:sqs')) {
      return { source: 'sqs', messages: records.map((r) => parseSqsMessage(r as Json)) };
    }
    return { source: 's3', notices: s3Notices(records), testEvent: false };
  }
  throw new UnsupportedEventError(
    `no Records array and no EventBridge detail (keys: ${Object.keys(event).slice(0, 8).join(', ')})`,
  );
}

/** S3 sends `{"Service":"Amazon S3","Event":"s3:TestEvent",...}` once when notifications are configured. */
function isS3TestEvent(event: Json): boolean {
  return event.Event === 's3:TestEvent';
}

function isEventBridgeS3(event: Json): boolean {
  return event.source === 'aws.s3' && typeof event['detail-type'] === 'string' && isObject(event.detail);
}

function eventBridgeNotices(event: Json): UploadNotice[] {
  if (event['detail-type'] !== 'Object Created') return [];
  const detail = event.detail as Json;
  const bucket = isObject(detail.bucket) ? str(detail.bucket.name) : undefined;
  const object = isObject(detail.object) ? detail.object : undefined;
  const key = object && str(object.key);
  if (!bucket || !key)
    throw new UnsupportedEventError(
      'EventBridge "Object Created" event without detail.bucket.name and detail.object.key',
    );
  // EventBridge keys are form-encoded like S3 notification keys (`my+file.csv` for "my file.csv").
  return [{ bucket, key: decodeS3Key(key), etag: str(object.etag), versionId: str(object['version-id']) }];
}

function s3Notices(records: unknown[]): UploadNotice[] {
  const notices: UploadNotice[] = [];
  for (const [i, record] of records.entries()) {
    if (!isObject(record) || !isObject(record.s3)) throw new UnsupportedEventError(`Records[${i}] has no s3 member`);
    // Only creations are uploads; ObjectRemoved, Restore, Replication... are acknowledged and ignored.
    if (typeof record.eventName === 'string' && !record.eventName.startsWith('ObjectCreated:')) continue;
    const s3 = record.s3;
    const bucket = isObject(s3.bucket) ? str(s3.bucket.name) : undefined;
    const object = isObject(s3.object) ? s3.object : undefined;
    const key = object && str(object.key);
    if (!bucket || !key) throw new UnsupportedEventError(`Records[${i}] lacks s3.bucket.name or s3.object.key`);
    notices.push({ bucket, key: decodeS3Key(key), etag: str(object.eTag), versionId: str(object.versionId) });
  }
  return notices;
}

/** In SQS the S3 (or EventBridge) event is a JSON string in `body`. A body that cannot be read fails alone. */
export function parseSqsMessage(record: { readonly messageId?: unknown; readonly body?: unknown }): SqsMessage {
  const messageId = str(record.messageId) ?? '';
  try {
    const body: unknown = JSON.parse(String(record.body));
    const inner = parseIngestEvent(body);
    if (inner.source === 'sqs') throw new UnsupportedEventError('an SQS event nested in an SQS message body');
    return { messageId, notices: inner.notices, testEvent: inner.source === 's3' && inner.testEvent };
  } catch (error) {
    return { messageId, unreadable: error instanceof Error ? error.message : String(error) };
  }
}
