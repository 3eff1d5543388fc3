import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectNotFoundError, ObjectStore } from '@instalake/ingestion';

/** What a contract run needs: a store, a bucket that exists in it, and how to tear it down. */
export interface ContractFixture {
  readonly store: ObjectStore;
  readonly bucket: string;
  /** True when `withLocalCopy` hands out a temporary copy that must be gone afterwards. */
  readonly copiesAreTemporary: boolean;
  dispose(): Promise<void>;
}

/** Keys that break naive adapters: spaces, `+` (form-encoding), unicode, parentheses, nested folders. */
export const AWKWARD_KEYS = [
  'uploads/red flower.csv',
  'uploads/c++ notes+1.csv',
  'uploads/テスト/ラーメン 🍜.csv',
  'uploads/a (2) - Copy & more.csv',
  'uploads/100% real: café?.csv',
] as const;

const md5 = (bytes: Uint8Array | string) => createHash('md5').update(bytes).digest('hex');

/**
 * One behavioural contract for every ObjectStore adapter (S3 against s3rver, the local folder), so the
 * ingestion use cases see the same thing whichever store the app wires in. Call it inside a spec file.
 */
export function describeObjectStoreContract(name: string, open: () => Promise<ContractFixture>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let f: ContractFixture;
    let store: ObjectStore;
    let bucket: string;
    let scratch: string;

    beforeAll(async () => {
      f = await open();
      ({ store, bucket } = f);
      scratch = await mkdtemp(join(tmpdir(), 'instalake-contract-'));
    });
    afterAll(async () => {
      await f?.dispose();
      await rm(scratch, { recursive: true, force: true });
    });

    it.each(AWKWARD_KEYS)('round-trips %s through put, head, read and list', async (key) => {
      const body = `post_id,creator\np1,@${key}\n`;
      await store.put({ bucket, key }, body, 'text/csv');

      const info = await store.head({ bucket, key });
      expect(info).toMatchObject({ bucket, key, etag: md5(body), size: Buffer.byteLength(body) });
      expect(info.etag).not.toMatch(/"/);
      expect(Object.prototype.toString.call(info.lastModified)).toBe('[object Date]');

      expect(Buffer.from(await store.read({ bucket, key })).toString('utf8')).toBe(body);
      const listed = await store.list(bucket, key);
      expect(listed.map((o) => o.key)).toEqual([key]);
      expect(listed[0].etag).toBe(md5(body));
    });

    it('reads only the first bytes of an object with readHead, and nothing from an empty object', async () => {
      const key = 'uploads/head test.csv';
      const body = '\uFEFFpost_id,creator,caption\r\n' + 'p1,@a,"🍕 long caption"\r\n'.repeat(1000);
      await store.put({ bucket, key }, body);
      const head = await store.readHead({ bucket, key }, 10);
      expect(Buffer.from(head)).toEqual(Buffer.from(body).subarray(0, 10));
      const all = await store.readHead({ bucket, key }, 10_000_000);
      expect(Buffer.from(all).toString('utf8')).toBe(body);

      await store.put({ bucket, key: 'uploads/empty.csv' }, '');
      expect((await store.readHead({ bucket, key: 'uploads/empty.csv' }, 1024)).byteLength).toBe(0);
      expect(await store.head({ bucket, key: 'uploads/empty.csv' })).toMatchObject({ size: 0, etag: md5('') });
    });

    it('makes an object available as a local file during withLocalCopy', async () => {
      const key = 'uploads/ラーメン+local copy.csv';
      const body = Buffer.from('post_id,creator\np1,@a\n'.repeat(5000));
      await store.put({ bucket, key }, body);
      let seenPath = '';
      const result = await store.withLocalCopy({ bucket, key }, async (path) => {
        seenPath = path;
        expect(await readFile(path)).toEqual(body);
        return 'done';
      });
      expect(result).toBe('done');
      if (f.copiesAreTemporary) expect(existsSync(seenPath)).toBe(false);
    });

    it('removes a temporary copy even when the work fails', async () => {
      const key = 'uploads/fails.csv';
      await store.put({ bucket, key }, 'x');
      let seenPath = '';
      await expect(
        store.withLocalCopy({ bucket, key }, async (path) => {
          seenPath = path;
          throw new Error('loader failed');
        }),
      ).rejects.toThrow('loader failed');
      expect(seenPath).not.toBe('');
      if (f.copiesAreTemporary) expect(existsSync(seenPath)).toBe(false);
    });

    it('uploads a local file with putFile', async () => {
      const path = join(scratch, 'rejects.csv');
      const body = 'line,reason,post_id\n3,missing post_id,\n';
      await writeFile(path, body);
      await store.putFile({ bucket, key: 'dlq/x y/rejects+1.csv' }, path, 'text/csv');
      expect(Buffer.from(await store.read({ bucket, key: 'dlq/x y/rejects+1.csv' })).toString('utf8')).toBe(body);
    });

    it.each(AWKWARD_KEYS)('copies %s to the dead-letter area byte for byte', async (key) => {
      const body = `copy of ${key} ✓`;
      await store.put({ bucket, key }, body);
      const to = { bucket, key: key.replace(/^uploads\//, 'dlq/') };
      await store.copy({ bucket, key }, to);
      expect(Buffer.from(await store.read(to)).toString('utf8')).toBe(body);
      expect((await store.head(to)).etag).toBe(md5(body));
    });

    it('deletes objects, and deleting a missing object is not an error', async () => {
      const key = 'uploads/to delete.csv';
      await store.put({ bucket, key }, 'x');
      await store.delete({ bucket, key });
      await expect(store.head({ bucket, key })).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.delete({ bucket, key })).resolves.toBeUndefined();
    });

    it('lists every key under a prefix in key order, across pages', async () => {
      const prefix = 'listing/';
      const keys = Array.from({ length: 7 }, (_, i) => `${prefix}file ${String(i).padStart(2, '0')}+.csv`);
      for (const key of [...keys].reverse()) await store.put({ bucket, key }, key);
      await store.put({ bucket, key: 'listing-other/not me.csv' }, 'no');
      const listed = await store.list(bucket, prefix);
      expect(listed.map((o) => o.key)).toEqual(keys);
      expect(listed.map((o) => o.etag)).toEqual(keys.map((k) => md5(k)));
      expect(await store.list(bucket, 'nothing-here/')).toEqual([]);
    });

    describe('a missing object is ObjectNotFoundError with code OBJECT_NOT_FOUND', () => {
      const missing = () => ({ bucket, key: 'uploads/never uploaded+.csv' });
      it.each([
        ['head', (s: ObjectStore) => s.head(missing())],
        ['read', (s: ObjectStore) => s.read(missing())],
        ['readHead', (s: ObjectStore) => s.readHead(missing(), 100)],
        ['withLocalCopy', (s: ObjectStore) => s.withLocalCopy(missing(), async () => 'never')],
        ['copy', (s: ObjectStore) => s.copy(missing(), { bucket, key: 'dlq/never.csv' })],
      ])('%s', async (_name, call) => {
        const error = await call(store).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ObjectNotFoundError);
        expect(error).toMatchObject({ code: 'OBJECT_NOT_FOUND', ref: missing() });
      });
    });
  });
}
