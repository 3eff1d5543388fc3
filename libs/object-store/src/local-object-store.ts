import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  checkObjectKey,
  InvalidObjectKeyError,
  ObjectInfo,
  ObjectNotFoundError,
  ObjectRef,
  ObjectStore,
} from '@instalake/ingestion';

/**
 * The raw bucket on a laptop: `<root>/<bucket>/<key>`. ETag is the content MD5, as S3 gives for a
 * single-part upload, so the same bytes delivered twice are recognised.
 *
 * Only regular files inside the root are objects: keys with `.`/`..`/empty segments are refused (checkObjectKey),
 * and so is every path that goes through a symbolic link or resolves outside the root (`dlq/x.csv -> /etc/passwd`
 * would otherwise be read, copied and ingested like an upload).
 */
export class LocalObjectStore implements ObjectStore {
  private readonly etags = new Map<string, { mtimeMs: number; size: number; etag: string }>();
  /** The root's real path once it exists (the root itself may be reached through a link). */
  private realRoot?: string;

  constructor(readonly root: string) {}

  /** Absolute path of an object (no file-system access); refuses keys that would escape the bucket folder. */
  pathOf(ref: ObjectRef): string {
    if (!ref.bucket || /[/\\]/.test(ref.bucket) || ref.bucket.startsWith('.'))
      throw new Error(`Invalid bucket name "${ref.bucket}"`);
    checkObjectKey(ref.key);
    const bucketRoot = resolve(this.root, ref.bucket);
    const path = resolve(bucketRoot, ref.key);
    if (!path.startsWith(bucketRoot + sep)) throw new InvalidObjectKeyError(ref.key, 'it leaves the bucket.');
    return path;
  }

  /**
   * pathOf, checked on disk: no part of the path below the root may be a symbolic link, and what exists of it must
   * resolve inside the root. Missing parts are fine (a put creates them as plain folders).
   */
  private async safePath(ref: ObjectRef): Promise<string> {
    const path = this.pathOf(ref);
    if (await this.resolvesInPlace(path)) return path;
    const root = resolve(this.root);
    // No root yet (a first put creates it): nothing inside it can be a link.
    if (
      !(await lstat(root).then(
        () => true,
        () => false,
      ))
    )
      return path;
    const parts = relative(root, path).split(sep);
    let current = root;
    let deepest = root;
    for (const part of parts) {
      current = join(current, part);
      const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
        throw error;
      });
      if (!info) break;
      if (info.isSymbolicLink())
        throw new InvalidObjectKeyError(
          ref.key,
          `${relative(root, current)} is a symbolic link; only files inside the store are objects.`,
        );
      deepest = current;
    }
    const [realRoot, realDeepest] = await Promise.all([realpath(root), realpath(deepest)]);
    if (realDeepest !== realRoot && !realDeepest.startsWith(realRoot + sep))
      throw new InvalidObjectKeyError(ref.key, 'it resolves outside the store.');
    return path;
  }

  /**
   * The fast check, one or two realpath calls instead of an lstat per part: when the deepest existing part of `path`
   * resolves to itself under the root's real path, no part of it below the root is a symbolic link (a link never
   * resolves to its own path). Anything else, errors included, is left to the part-by-part walk, which explains it.
   */
  private async resolvesInPlace(path: string): Promise<boolean> {
    const root = resolve(this.root);
    this.realRoot ??= await realpath(root).catch(() => undefined);
    if (!this.realRoot) return false;
    for (let current = path; current.startsWith(root + sep); current = dirname(current)) {
      const real = await realpath(current).catch((error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : null,
      );
      if (real === null) return false;
      if (real !== undefined) return real === join(this.realRoot, relative(root, current));
    }
    return false;
  }

  async head(ref: ObjectRef): Promise<ObjectInfo> {
    const path = await this.safePath(ref);
    const s = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') throw new ObjectNotFoundError(ref, { cause: error });
      throw error;
    });
    if (!s.isFile()) throw new ObjectNotFoundError(ref);
    const cached = this.etags.get(path);
    const etag = cached && cached.mtimeMs === s.mtimeMs && cached.size === s.size ? cached.etag : await md5(path);
    this.etags.set(path, { mtimeMs: s.mtimeMs, size: s.size, etag });
    return { ...ref, etag, size: s.size, lastModified: s.mtime };
  }

  async withLocalCopy<T>(ref: ObjectRef, work: (path: string) => Promise<T>): Promise<T> {
    await this.head(ref);
    return work(this.pathOf(ref));
  }

  async readHead(ref: ObjectRef, bytes: number): Promise<Uint8Array> {
    const handle = await open(await this.safePath(ref), 'r').catch((error) => {
      throw new ObjectNotFoundError(ref, { cause: error });
    });
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async read(ref: ObjectRef): Promise<Uint8Array> {
    return readFile(await this.safePath(ref)).catch((error) => {
      throw new ObjectNotFoundError(ref, { cause: error });
    });
  }

  async put(ref: ObjectRef, body: Uint8Array | string): Promise<void> {
    const path = await this.safePath(ref);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }

  async putFile(ref: ObjectRef, localPath: string): Promise<void> {
    const path = await this.safePath(ref);
    await mkdir(dirname(path), { recursive: true });
    await copyFile(localPath, path);
  }

  async copy(from: ObjectRef, to: ObjectRef): Promise<void> {
    await this.head(from);
    await this.putFile(to, this.pathOf(from));
  }

  async delete(ref: ObjectRef): Promise<void> {
    await rm(await this.safePath(ref), { force: true });
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const bucketRoot = resolve(this.root, bucket);
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) files.push(relative(bucketRoot, full).split(sep).join('/'));
      }
    };
    await walk(bucketRoot);
    const keys = files.filter((k) => k.startsWith(prefix)).sort();
    // One file at a time: thousands of concurrent MD5 streams exhaust file descriptors (EMFILE).
    const infos: ObjectInfo[] = [];
    for (const key of keys) infos.push(await this.head({ bucket, key }));
    return infos;
  }
}

function md5(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('md5');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}
