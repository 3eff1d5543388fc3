import { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '@instalake/ingestion';
import { LocalObjectStore, S3ObjectStore } from '@instalake/object-store';

/** Which object store plays the buckets: S3 in AWS, a folder per bucket on a laptop. */
export type ObjectStoreChoice =
  | { readonly kind: 'local'; readonly bucketsRoot: string }
  | {
      readonly kind: 's3';
      /** Where downloads are staged for DuckDB to read. */
      readonly scratchDirectory: string;
      /** An S3-compatible endpoint (MinIO, s3rver); unset in AWS. */
      readonly endpoint?: string;
      readonly forcePathStyle?: boolean;
    };

export function createObjectStore(choice: ObjectStoreChoice): ObjectStore {
  if (choice.kind === 'local') return new LocalObjectStore(choice.bucketsRoot);
  const client = new S3Client({
    ...(choice.endpoint ? { endpoint: choice.endpoint } : {}),
    ...(choice.forcePathStyle !== undefined ? { forcePathStyle: choice.forcePathStyle } : {}),
  });
  return new S3ObjectStore(client, { scratchDirectory: choice.scratchDirectory });
}
