import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStore } from './local-object-store';
import { describeObjectStoreContract } from './object-store-contract';

describeObjectStoreContract('LocalObjectStore (a folder per bucket)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'instalake-local-store-'));
  await mkdir(join(root, 'raw-bucket'));
  return {
    store: new LocalObjectStore(root),
    bucket: 'raw-bucket',
    // The local store hands out the object's own path: nothing to clean up.
    copiesAreTemporary: false,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe('LocalObjectStore serves only regular files inside its root', () => {
  let dir: string;
  let root: string;
  let outside: string;
  let store: LocalObjectStore;
  const bucket = 'raw';
  const ref = (key: string) => ({ bucket, key });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-local-links-'));
    root = join(dir, 'buckets');
    outside = join(dir, 'outside');
    await mkdir(join(root, bucket, 'dlq'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, 'passwd'), 'root:x:0:0:secret\n');
    await writeFile(join(root, bucket, 'uploads.csv'), 'post_id\n');
    store = new LocalObjectStore(root);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a symbolic link to a file outside, for every read, copy and delete, and does not list it', async () => {
    await symlink(join(outside, 'passwd'), join(root, bucket, 'dlq', 'x.csv'));
    const key = 'dlq/x.csv';
    for (const attempt of [
      () => store.head(ref(key)),
      () => store.read(ref(key)),
      () => store.readHead(ref(key), 10),
      () => store.withLocalCopy(ref(key), async (p) => readFile(p, 'utf8')),
      () => store.copy(ref(key), ref('uploads/x.csv')),
      () => store.delete(ref(key)),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'INVALID_OBJECT_KEY' });
      await expect(attempt()).rejects.toThrow(/symbolic link/);
    }
    expect((await store.list(bucket, '')).map((o) => o.key)).toEqual(['uploads.csv']);
    expect(await readFile(join(outside, 'passwd'), 'utf8')).toBe('root:x:0:0:secret\n');
  });

  it('refuses reads and writes through a linked folder', async () => {
    await symlink(outside, join(root, bucket, 'dlq', 'sub'));
    await expect(store.read(ref('dlq/sub/passwd'))).rejects.toThrow(/symbolic link/);
    await expect(store.put(ref('dlq/sub/planted.csv'), 'x')).rejects.toThrow(/symbolic link/);
    await expect(store.putFile(ref('dlq/sub/planted.csv'), join(root, bucket, 'uploads.csv'))).rejects.toThrow(
      /symbolic link/,
    );
    await expect(readFile(join(outside, 'planted.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await store.list(bucket, 'dlq/')).map((o) => o.key)).toEqual([]);
  });

  it('refuses keys with dot segments before touching the disk, naming what they would resolve to', async () => {
    await expect(store.read(ref('dlq/../uploads.csv'))).rejects.toThrow(/would mean "uploads.csv"/);
    await expect(store.put(ref('../../outside/x'), 'x')).rejects.toThrow(/leaves the bucket/);
    await expect(store.head(ref('dlq//x.csv'))).rejects.toMatchObject({ code: 'INVALID_OBJECT_KEY' });
  });

  it('refuses a folder replaced by a link after the store has served it (no path is trusted from earlier checks)', async () => {
    await store.put(ref('dlq/sub/a.csv'), 'x');
    expect(Buffer.from(await store.read(ref('dlq/sub/a.csv'))).toString()).toBe('x');
    await rm(join(root, bucket, 'dlq', 'sub'), { recursive: true });
    await symlink(outside, join(root, bucket, 'dlq', 'sub'));
    await expect(store.read(ref('dlq/sub/passwd'))).rejects.toThrow(/symbolic link/);
    await expect(store.put(ref('dlq/sub/a.csv'), 'x')).rejects.toThrow(/symbolic link/);
  });

  it('serves a root that is itself reached through a link', async () => {
    const linked = join(dir, 'linked-root');
    await symlink(root, linked);
    const viaLink = new LocalObjectStore(linked);
    await viaLink.put(ref('dlq/b.csv'), 'y');
    expect(Buffer.from(await viaLink.read(ref('dlq/b.csv'))).toString()).toBe('y');
    expect((await viaLink.head(ref('uploads.csv'))).size).toBe(8);
  });

  it('still creates the folders a new key needs', async () => {
    await store.put(ref('dlq/2026/01/a.csv'), 'x');
    expect(await readFile(join(root, bucket, 'dlq', '2026', '01', 'a.csv'), 'utf8')).toBe('x');
  });
});

describe('LocalObjectStore on a root that does not exist yet', () => {
  it('creates it with the first put', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'instalake-local-fresh-'));
    try {
      const store = new LocalObjectStore(join(dir, 'not', 'yet'));
      await store.put({ bucket: 'raw', key: 'uploads/a.csv' }, 'x');
      expect(Buffer.from(await store.read({ bucket: 'raw', key: 'uploads/a.csv' })).toString()).toBe('x');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
