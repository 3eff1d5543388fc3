import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { UPLOAD_EXTENSIONS } from '@instalake/ingestion';
import type { EnvironmentConfig } from './config';

export const UPLOAD_PREFIX = 'uploads/';
export const DEAD_LETTER_PREFIX = 'dead-letter/';
export const WAREHOUSE_PREFIX = 'warehouse/';

export interface LakeStorageProps {
  readonly config: EnvironmentConfig;
  /** Visibility timeout of the upload queue: at least six times the ingest function timeout (AWS guidance for SQS sources). */
  readonly ingestTimeout: Duration;
}

/** Buckets (raw uploads, analytics lake, knowledge base, access logs) and the upload queue with its DLQ. */
export class LakeStorage extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly raw: s3.Bucket;
  readonly lake: s3.Bucket;
  readonly knowledge: s3.Bucket;
  readonly uploads: sqs.Queue;
  readonly uploadsDeadLetter: sqs.Queue;
  readonly scraperBuckets: s3.IBucket[];

  constructor(scope: Construct, id: string, props: LakeStorageProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Globally unique and recognisable: <prefix>-<purpose>-<account>-<region>.
    const name = (purpose: string) => Fn.join('-', [config.namePrefix, purpose, Aws.ACCOUNT_ID, Aws.REGION]);
    const secure = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
    };

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      bucketName: name('access-logs'),
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.retainData ? 365 : 30) }],
    });
    const logged = (prefix: string) => ({
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${prefix}/`,
    });

    this.raw = new s3.Bucket(this, 'Raw', {
      ...secure,
      ...logged('raw'),
      bucketName: name('raw'),
      versioned: config.retainData,
      lifecycleRules: [{ prefix: DEAD_LETTER_PREFIX, expiration: Duration.days(90) }],
    });
    this.lake = new s3.Bucket(this, 'Lake', {
      ...secure,
      ...logged('lake'),
      bucketName: name('lake'),
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });
    this.knowledge = new s3.Bucket(this, 'Knowledge', {
      ...secure,
      ...logged('knowledge'),
      bucketName: name('knowledge'),
      versioned: config.retainData,
    });

    this.uploadsDeadLetter = new sqs.Queue(this, 'UploadsDeadLetter', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.uploads = new sqs.Queue(this, 'Uploads', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.ingestTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.uploadsDeadLetter, maxReceiveCount: 5 },
    });

    const destination = new s3n.SqsDestination(this.uploads);
    // One notification per file kind ingestion reads (CSV, JSON, JSON Lines): S3 filters take one suffix each.
    const filters = UPLOAD_EXTENSIONS.map((suffix) => ({ prefix: UPLOAD_PREFIX, suffix }));
    for (const filter of filters) this.raw.addEventNotification(s3.EventType.OBJECT_CREATED, destination, filter);
    this.scraperBuckets = config.existingScraperBuckets.map((bucketName, i) => {
      const bucket = s3.Bucket.fromBucketName(this, `Scraper${i}`, bucketName);
      // Imported buckets get their notification through a custom resource that keeps existing configuration.
      for (const filter of filters) bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, filter);
      return bucket;
    });
  }
}
