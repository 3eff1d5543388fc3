import { InstalakeError } from '@instalake/errors';

/** Where a raw file lives: an S3 bucket and key, or the local stand-in `$INSTALAKE_HOME/buckets/<bucket>/<key>`. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

export interface ObjectInfo extends ObjectRef {
  /** S3 ETag, or the content MD5 for local files: part of the idempotency key. */
  readonly etag: string;
  readonly size: number;
  readonly versionId?: string;
  readonly lastModified?: Date;
}

/** The raw-file store: S3 in AWS, a folder on a laptop. */
export interface ObjectStore {
  /** Metadata of an object; throws ObjectNotFoundError when it does not exist. */
  head(ref: ObjectRef): Promise<ObjectInfo>;
  /** Makes the object readable as a local file for the lake engine for the duration of `work`. */
  withLocalCopy<T>(ref: ObjectRef, work: (path: string) => Promise<T>): Promise<T>;
  /** Reads the first `bytes` bytes (for the header). */
  readHead(ref: ObjectRef, bytes: number): Promise<Uint8Array>;
  put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void>;
  putFile(ref: ObjectRef, localPath: string, contentType?: string): Promise<void>;
  copy(from: ObjectRef, to: ObjectRef): Promise<void>;
  delete(ref: ObjectRef): Promise<void>;
  /** Keys under a prefix, in key order. */
  list(bucket: string, prefix: string): Promise<ObjectInfo[]>;
  /** Reads a whole (small) object. */
  read(ref: ObjectRef): Promise<Uint8Array>;
}

export class ObjectNotFoundError extends InstalakeError {
  constructor(
    readonly ref: ObjectRef,
    options?: { cause?: unknown },
  ) {
    super(
      'OBJECT_NOT_FOUND',
      `No object s3://${ref.bucket}/${ref.key}: check the bucket and key (keys are case-sensitive).`,
      options,
    );
  }
}
