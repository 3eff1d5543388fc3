/** How S3 writes a key into a notification: form-encoded per segment, `/` kept, space as `+`. */
export function formEncodedKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number;
}

/** An `s3:ObjectCreated:Put` record exactly as S3 delivers it to Lambda (event version 2.1). */
export function objectCreatedRecord(object: CreatedObject, at = new Date()) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: at.toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'instalake-uploads',
      bucket: {
        name: object.bucket,
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${object.bucket}`,
      },
      object: {
        key: formEncodedKey(object.key),
        size: object.size,
        eTag: object.etag.replace(/"/g, ''),
        sequencer: '0055AED6DCD90281E5',
      },
    },
  };
}

/** An S3 notification event for the objects. */
export function s3Notification(objects: readonly CreatedObject[]) {
  return { Records: objects.map((o) => objectCreatedRecord(o)) };
}

/** The same S3 event as SQS delivers it to Lambda (the upload queue in the deployed stack). */
export function sqsDelivery(messages: readonly { messageId: string; objects: readonly CreatedObject[] }[]) {
  return {
    Records: messages.map((m) => ({
      messageId: m.messageId,
      receiptHandle: `AQEB${m.messageId}`,
      body: JSON.stringify(s3Notification(m.objects)),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '0'.repeat(32),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:instalake-uploads',
      awsRegion: 'us-east-1',
    })),
  };
}
