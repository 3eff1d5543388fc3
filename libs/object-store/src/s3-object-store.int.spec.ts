import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeObjectStoreContract } from './object-store-contract';
import { S3ObjectStore } from './s3-object-store';
import { startS3rver } from './s3rver-fixture';

/**
 * s3rver 3.7.1 signs ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 18+) only
 * offers through its legacy provider, so every truncated listing fails with a 500. Triple DES with the key
 * repeated three times is the same cipher, and the default provider has it: give s3rver that.
 */
jest.mock('crypto', () => {
  const real = jest.requireActual<typeof import('crypto')>('crypto');
  const des = (key: Buffer) => ['des-ede3-cbc', Buffer.concat([key, key, key])] as const;
  return {
    ...real,
    createCipheriv: (algorithm: string, key: Buffer, iv: Buffer) =>
      algorithm === 'des' ? real.createCipheriv(...des(key), iv) : real.createCipheriv(algorithm, key, iv),
    createDecipheriv: (algorithm: string, key: Buffer, iv: Buffer) =>
      algorithm === 'des' ? real.createDecipheriv(...des(key), iv) : real.createDecipheriv(algorithm, key, iv),
  };
});

describeObjectStoreContract('S3ObjectStore (real @aws-sdk/client-s3 against s3rver)', async () => {
  const s3 = await startS3rver(['raw-bucket']);
  const scratch = await mkdtemp(join(tmpdir(), 'instalake-s3-scratch-'));
  return {
    store: new S3ObjectStore(s3.client, { scratchDirectory: scratch, listPageSize: 2 }),
    bucket: 'raw-bucket',
    copiesAreTemporary: true,
    async dispose() {
      // Every temporary download is gone once the contract has run.
      expect(await readdir(scratch)).toEqual([]);
      await s3.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
});
