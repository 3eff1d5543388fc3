import { createHash } from 'node:crypto';
import { ObjectNotFoundError, ObjectRef, ObjectStore } from '@instalake/ingestion';

/** Content hash per post id, column-wise (compact JSON, and bulk-appended into the lake engine as is). */
export interface ManifestEntries {
  readonly postIds: readonly string[];
  readonly hashes: readonly string[];
}

/**
 * What the document store holds after the last sync. Stored as one JSON object beside the documents (not in
 * the lake), so wiping the document bucket also wipes the state and the next sync rebuilds everything.
 */
export interface SyncManifest {
  readonly formatVersion: number;
  readonly entries: ManifestEntries;
  /** Content hash of the entries: search indexes rebuild when it changes. */
  readonly revision: string;
  /** Documents changed but no ingestion job started yet (start failed or the knowledge base was busy). */
  readonly pendingIngestion: boolean;
  readonly syncedAt: string;
}

export interface SyncState {
  /** The last saved manifest, or undefined before the first sync. */
  load(): Promise<SyncManifest | undefined>;
  save(manifest: SyncManifest): Promise<void>;
}

export const EMPTY_ENTRIES: ManifestEntries = { postIds: [], hashes: [] };

export function manifestRevision(entries: ManifestEntries): string {
  const hash = createHash('md5');
  for (let i = 0; i < entries.postIds.length; i++) hash.update(`${entries.postIds[i]}\u0000${entries.hashes[i]}\n`);
  return hash.digest('hex');
}

/** SyncState as a JSON object in an ObjectStore (S3 in AWS, a folder locally). */
export class ObjectStoreSyncState implements SyncState {
  constructor(
    private readonly store: ObjectStore,
    readonly ref: ObjectRef,
  ) {}

  async load(): Promise<SyncManifest | undefined> {
    let body: Uint8Array;
    try {
      body = await this.store.read(this.ref);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
    const parsed = JSON.parse(new TextDecoder().decode(body)) as SyncManifest;
    if (!parsed?.entries || parsed.entries.postIds.length !== parsed.entries.hashes.length) return undefined;
    return parsed;
  }

  async save(manifest: SyncManifest): Promise<void> {
    await this.store.put(this.ref, JSON.stringify(manifest), 'application/json');
  }
}

export class InMemorySyncState implements SyncState {
  manifest?: SyncManifest;
  saves = 0;
  async load(): Promise<SyncManifest | undefined> {
    return this.manifest;
  }
  async save(manifest: SyncManifest): Promise<void> {
    this.saves++;
    this.manifest = manifest;
  }
}
