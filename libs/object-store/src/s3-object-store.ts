import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ObjectInfo, ObjectNotFoundError, ObjectRef, ObjectStore } from '@instalake/ingestion';

export interface S3ObjectStoreOptions {
  /** Where `withLocalCopy` downloads objects (Lambda: /tmp). Each copy gets its own folder, removed afterwards. */
  readonly scratchDirectory?: string;
  /** ListObjectsV2 page size (S3 caps it at 1000). */
  readonly listPageSize?: number;
}

/**
 * The raw bucket in AWS. Reads the exact object version that `head` reported when it has one, so the
 * bytes ingested match the version recorded in the ingest log.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly scratchDirectory: string;
  private readonly listPageSize: number;

  constructor(
    private readonly client: S3Client,
    options: S3ObjectStoreOptions = {},
  ) {
    this.scratchDirectory = options.scratchDirectory ?? tmpdir();
    this.listPageSize = options.listPageSize ?? 1000;
  }

  async head(ref: ObjectRef): Promise<ObjectInfo> {
    const out = await this.send(ref, () =>
      this.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: versionOf(ref) })),
    );
    return {
      bucket: ref.bucket,
      key: ref.key,
      etag: unquote(out.ETag),
      size: out.ContentLength ?? 0,
      versionId: out.VersionId,
      lastModified: out.LastModified,
    };
  }

  async withLocalCopy<T>(ref: ObjectRef, work: (path: string) => Promise<T>): Promise<T> {
    await mkdir(this.scratchDirectory, { recursive: true });
    const dir = await mkdtemp(join(this.scratchDirectory, 'instalake-s3-'));
    try {
      // The extension is kept (sanitised) so tools that sniff by name see a .csv; the name itself is never trusted.
      const path = join(
        dir,
        `object${extname(ref.key)
          .replace(/[^.\w]/g, '')
          .slice(0, 16)}`,
      );
      const out = await this.send(ref, () =>
        this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: versionOf(ref) })),
      );
      await pipeline(out.Body as Readable, createWriteStream(path));
      return await work(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async readHead(ref: ObjectRef, bytes: number): Promise<Uint8Array> {
    // S3 answers 416 to any Range on an empty object, so know the size first (IngestCsvFile passes the
    // ObjectInfo it already has; a bare ref costs one HEAD).
    const size = (ref as Partial<ObjectInfo>).size ?? (await this.head(ref)).size;
    const end = Math.min(bytes, size) - 1;
    if (end < 0) return new Uint8Array(0);
    try {
      const out = await this.send(ref, () =>
        this.client.send(
          new GetObjectCommand({
            Bucket: ref.bucket,
            Key: ref.key,
            VersionId: versionOf(ref),
            Range: `bytes=0-${end}`,
          }),
        ),
      );
      // A server that ignores Range still must not hand back more than asked for.
      return (await out.Body!.transformToByteArray()).subarray(0, bytes);
    } catch (error) {
      // The object was replaced by an empty one between HEAD and GET.
      if (isServiceError(error) && (error.name === 'InvalidRange' || error.$metadata?.httpStatusCode === 416)) {
        return new Uint8Array(0);
      }
      throw error;
    }
  }

  async read(ref: ObjectRef): Promise<Uint8Array> {
    const out = await this.send(ref, () =>
      this.client.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: versionOf(ref) })),
    );
    return out.Body!.transformToByteArray();
  }

  async put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    await this.client.send(
      new PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: contentType,
      }),
    );
  }

  async putFile(ref: ObjectRef, localPath: string, contentType?: string): Promise<void> {
    // Streamed, with its length up front: S3 refuses a stream of unknown length on a single PUT.
    const { size } = await stat(localPath);
    await this.client.send(
      new PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        Body: createReadStream(localPath),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async copy(from: ObjectRef, to: ObjectRef): Promise<void> {
    const version = versionOf(from);
    const source = `${from.bucket}/${encodeKey(from.key)}${version ? `?versionId=${encodeURIComponent(version)}` : ''}`;
    await this.send(from, () =>
      this.client.send(new CopyObjectCommand({ Bucket: to.bucket, Key: to.key, CopySource: source })),
    );
  }

  async delete(ref: ObjectRef): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.listPageSize },
      { Bucket: bucket, Prefix: prefix },
    );
    for await (const page of pages) {
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        found.push({ bucket, key: o.Key, etag: unquote(o.ETag), size: o.Size ?? 0, lastModified: o.LastModified });
      }
    }
    // Same order as LocalObjectStore (JavaScript string order), whatever order the server used.
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Runs an S3 call for one object, turning "no such object" into the port's ObjectNotFoundError. */
  private async send<T>(ref: ObjectRef, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(ref, { cause: error });
      throw error;
    }
  }
}

function isServiceError(error: unknown): error is S3ServiceException {
  return error instanceof Error && '$metadata' in error;
}

function isNotFound(error: unknown): boolean {
  if (!isServiceError(error)) return false;
  // HEAD has no body, so S3 can only say 404 ("NotFound"); GET/COPY say NoSuchKey.
  return (
    error.name === 'NotFound' ||
    error.name === 'NoSuchKey' ||
    error.name === 'NoSuchVersion' ||
    error.$metadata?.httpStatusCode === 404
  );
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^(W\/)?"|"$/g, '');
}

function versionOf(ref: ObjectRef): string | undefined {
  return (ref as Partial<ObjectInfo>).versionId;
}

/** CopySource is URL-encoded: every key segment percent-encoded (`+`, space, unicode), slashes kept. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
