import { createHash } from 'node:crypto';
import { ObjectInfo, ObjectNotFoundError, ObjectRef, ObjectStore } from './object-store';

/** Fake ObjectStore for use-case tests. `withLocalCopy` hands out `memory://bucket/key` pseudo paths. */
export class InMemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType?: string; lastModified: Date }>();

  private static id(ref: ObjectRef): string {
    return `${ref.bucket}/${ref.key}`;
  }

  text(ref: ObjectRef): string | undefined {
    const o = this.objects.get(InMemoryObjectStore.id(ref));
    return o && new TextDecoder().decode(o.body);
  }

  async head(ref: ObjectRef): Promise<ObjectInfo> {
    const o = this.objects.get(InMemoryObjectStore.id(ref));
    if (!o) throw new ObjectNotFoundError(ref);
    return {
      ...ref,
      etag: createHash('md5').update(o.body).digest('hex'),
      size: o.body.byteLength,
      lastModified: o.lastModified,
    };
  }
  async withLocalCopy<T>(ref: ObjectRef, work: (path: string) => Promise<T>): Promise<T> {
    await this.head(ref);
    return work(`memory://${InMemoryObjectStore.id(ref)}`);
  }
  async readHead(ref: ObjectRef, bytes: number): Promise<Uint8Array> {
    return (await this.read(ref)).subarray(0, bytes);
  }
  async read(ref: ObjectRef): Promise<Uint8Array> {
    const o = this.objects.get(InMemoryObjectStore.id(ref));
    if (!o) throw new ObjectNotFoundError(ref);
    return o.body;
  }
  async put(ref: ObjectRef, body: Uint8Array | string, contentType?: string): Promise<void> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(InMemoryObjectStore.id(ref), { body: bytes, contentType, lastModified: new Date() });
  }
  async putFile(ref: ObjectRef, localPath: string, contentType?: string): Promise<void> {
    // Fakes name their "files" memory://bucket/key; anything else is a test mistake.
    const source = localPath.replace(/^memory:\/\//, '');
    const o = this.objects.get(source);
    if (!o) throw new Error(`InMemoryObjectStore.putFile: no fake file ${localPath}`);
    await this.put(ref, o.body, contentType);
  }
  async copy(from: ObjectRef, to: ObjectRef): Promise<void> {
    await this.put(to, await this.read(from));
  }
  async delete(ref: ObjectRef): Promise<void> {
    this.objects.delete(InMemoryObjectStore.id(ref));
  }
  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const keys = [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/${prefix}`))
      .map((id) => id.slice(bucket.length + 1))
      .sort();
    return Promise.all(keys.map((key) => this.head({ bucket, key })));
  }
}
