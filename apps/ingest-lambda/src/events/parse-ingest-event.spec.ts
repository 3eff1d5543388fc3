import decodingCases from '../fixtures/s3-key-decoding-cases.json';
import eventBridgeObjectCreated from '../fixtures/eventbridge-object-created.json';
import { eventBridgeEvent, formEncodeKey, s3PutEvent, sqsEvent } from '../fixtures/event-builders';
import s3Put from '../fixtures/s3-put.json';
import s3PutUrlEncodedKey from '../fixtures/s3-put-urlencoded-key.json';
import s3TestEvent from '../fixtures/s3-test-event.json';
import sqsS3Put from '../fixtures/sqs-s3-put.json';
import { decodeS3Key } from './decode-s3-key';
import { parseIngestEvent } from './parse-ingest-event';
import { UnsupportedEventError } from './upload-notice';

describe('decodeS3Key', () => {
  it.each(decodingCases.map((c) => [c.raw_key, c.decoded_key]))('%s -> %s', (raw, decoded) => {
    expect(decodeS3Key(raw)).toBe(decoded);
  });

  it('undoes the form-encoding S3 applies, for keys with spaces, plus signs and any script', () => {
    for (const key of [
      'uploads/red flower.csv',
      'uploads/c++ notes.csv',
      'uploads/テスト/ラーメン 🍜.csv',
      'uploads/100% (1).csv',
    ]) {
      expect(decodeS3Key(formEncodeKey(key))).toBe(key);
    }
  });
});

describe('parseIngestEvent', () => {
  it('reads a real S3 Put notification', () => {
    expect(parseIngestEvent(s3Put)).toEqual({
      source: 's3',
      testEvent: false,
      notices: [
        {
          bucket: 'lambda-artifacts-deafc19498e3f2df',
          key: 'b21b84d653bb07b05b1e6b33684dc11b',
          etag: 'b21b84d653bb07b05b1e6b33684dc11b',
          versionId: undefined,
        },
      ],
    });
  });

  it('decodes a URL-encoded key and keeps the versionId', () => {
    expect(parseIngestEvent(s3PutUrlEncodedKey)).toMatchObject({
      source: 's3',
      notices: [
        {
          bucket: 'sourcebucket',
          key: 'Happy Face.jpg',
          etag: 'd41d8cd98f00b204e9800998ecf8427e',
          versionId: 'version',
        },
      ],
    });
  });

  it('reads every record of a multi-record S3 event, in order', () => {
    const event = s3PutEvent([
      { bucket: 'raw', key: 'uploads/post_results 1.csv' },
      { bucket: 'raw', key: 'uploads/c++/instagram_results+.csv' },
      { bucket: 'raw', key: 'uploads/東京.csv' },
    ]);
    expect(event.Records[1].s3.object.key).toBe('uploads/c%2B%2B/instagram_results%2B.csv');
    const parsed = parseIngestEvent(event);
    expect(parsed.source === 's3' && parsed.notices.map((n) => n.key)).toEqual([
      'uploads/post_results 1.csv',
      'uploads/c++/instagram_results+.csv',
      'uploads/東京.csv',
    ]);
  });

  it('acknowledges the s3:TestEvent without notices', () => {
    expect(parseIngestEvent(s3TestEvent)).toEqual({ source: 's3', notices: [], testEvent: true });
  });

  it('skips records that are not creations', () => {
    const event = s3PutEvent([
      { bucket: 'raw', key: 'uploads/a.csv' },
      { bucket: 'raw', key: 'uploads/b.csv' },
    ]);
    (event.Records[0] as { eventName: string }).eventName = 'ObjectRemoved:Delete';
    const parsed = parseIngestEvent(event);
    expect(parsed.source === 's3' && parsed.notices.map((n) => n.key)).toEqual(['uploads/b.csv']);
  });

  it('unwraps the S3 event from each SQS message body, keeping the message id', () => {
    expect(parseIngestEvent(sqsS3Put)).toEqual({
      source: 'sqs',
      messages: [
        {
          messageId: 'ca3e7a89-c358-40e5-8aa0-5da01403c267',
          testEvent: false,
          notices: [
            {
              bucket: 'xxx',
              key: 'test.pdf',
              etag: '2e3ad1e983318bbd8e73b080e2997980',
              versionId: 'yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV',
            },
          ],
        },
      ],
    });
  });

  it('marks an SQS message whose body is not an S3 event as unreadable, without affecting the others', () => {
    const event = sqsEvent([
      { messageId: 'm1', objects: [{ bucket: 'raw', key: 'uploads/a b.csv' }] },
      { messageId: 'm2', objects: [] },
      { messageId: 'm3', objects: [] },
    ]);
    event.Records[1].body = '{not json';
    event.Records[2].body = JSON.stringify(s3TestEvent);
    const parsed = parseIngestEvent(event);
    expect(parsed.source).toBe('sqs');
    if (parsed.source !== 'sqs') return;
    expect(parsed.messages[0]).toEqual({
      messageId: 'm1',
      testEvent: false,
      notices: [expect.objectContaining({ key: 'uploads/a b.csv' })],
    });
    expect(parsed.messages[1]).toEqual({ messageId: 'm2', unreadable: expect.stringMatching(/JSON/) });
    expect(parsed.messages[2]).toEqual({ messageId: 'm3', testEvent: true, notices: [] });
  });

  it('reads an EventBridge "Object Created" event', () => {
    expect(parseIngestEvent(eventBridgeObjectCreated)).toEqual({
      source: 'eventbridge',
      notices: [
        {
          bucket: 'example-bucket',
          key: 'IMG_m7fzo3.jpg',
          etag: '4e68adba0abe2dc8653dc3354e14c01d',
          versionId: undefined,
        },
      ],
    });
    const parsed = parseIngestEvent(eventBridgeEvent({ bucket: 'raw', key: 'uploads/my file+.csv' }));
    expect(parsed.source === 'eventbridge' && parsed.notices[0].key).toBe('uploads/my file+.csv');
  });

  it('ignores other EventBridge S3 detail types', () => {
    expect(parseIngestEvent({ ...eventBridgeObjectCreated, 'detail-type': 'Object Deleted' })).toEqual({
      source: 'eventbridge',
      notices: [],
    });
  });

  it.each([
    ['null', null],
    ['a string', 'uploads/a.csv'],
    ['an API Gateway request', { httpMethod: 'POST', body: '{}' }],
    ['a record without s3', { Records: [{ eventSource: 'aws:sns' }] }],
    [
      'a record without a key',
      { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: {} } }] },
    ],
  ])('refuses %s with UNSUPPORTED_EVENT', (_name, event) => {
    expect(() => parseIngestEvent(event)).toThrow(UnsupportedEventError);
    expect(() => parseIngestEvent(event)).toThrow(/accepts S3 notifications/);
  });
});
