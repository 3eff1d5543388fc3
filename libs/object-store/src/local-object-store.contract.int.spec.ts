import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
