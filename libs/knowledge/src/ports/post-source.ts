import { createHash } from 'node:crypto';
import { PostRecord } from '../post-record';
import { ManifestEntries } from './sync-state';

/** What a sync must do, worked out in bulk by the source. */
export interface SyncPlan {
  /** Posts not in the manifest. */
  readonly added: number;
  /** Posts in the manifest with another content hash. */
  readonly changed: number;
  /** Post ids in the manifest that left the lake. */
  readonly removed: readonly string[];
  /** The lake's content hashes: the manifest after a successful sync. */
  readonly next: ManifestEntries;
  /** The added and changed posts, city resolved, in pages of at most `pageSize`. */
  postsToWrite(pageSize: number): AsyncIterable<PostRecord[]>;
}

/** Reads posts (with resolved city) from the lake. */
export interface PostSource {
  /**
   * Hashes every post and compares with `manifest` inside the lake engine (no per-row lookups in JS).
   * The plan is valid while `work` runs.
   */
  withSyncPlan<T>(manifest: ManifestEntries, work: (plan: SyncPlan) => Promise<T>): Promise<T>;
}

/** The fields a document is rendered from, in the order the lake's fingerprint hashes them. */
const FINGERPRINT_FIELDS = [
  'post_id',
  'creator',
  'search_term',
  'posted_date',
  'likes',
  'comments',
  'hashtags',
  'caption',
  'image_description',
  'post_url',
  'city',
] as const;

/** Fake PostSource over an array: fingerprints are computed here the way a real source would. */
export class InMemoryPostSource implements PostSource {
  constructor(public posts: Omit<PostRecord, 'fingerprint'>[] = []) {}

  static fingerprint(post: Omit<PostRecord, 'fingerprint'>): string {
    const fields = Object.fromEntries(FINGERPRINT_FIELDS.map((field) => [field, post[field]]));
    return createHash('md5').update(JSON.stringify(fields)).digest('hex');
  }

  async withSyncPlan<T>(manifest: ManifestEntries, work: (plan: SyncPlan) => Promise<T>): Promise<T> {
    const previous = new Map(manifest.postIds.map((id, i) => [id, manifest.hashes[i]]));
    const current = [
      ...new Map(this.posts.map((p) => [p.post_id, { ...p, fingerprint: InMemoryPostSource.fingerprint(p) }])).values(),
    ].sort((a, b) => (a.post_id < b.post_id ? -1 : 1));
    const toWrite = current.filter((p) => previous.get(p.post_id) !== p.fingerprint);
    const ids = new Set(current.map((p) => p.post_id));
    return work({
      added: toWrite.filter((p) => !previous.has(p.post_id)).length,
      changed: toWrite.filter((p) => previous.has(p.post_id)).length,
      removed: manifest.postIds.filter((id) => !ids.has(id)),
      next: { postIds: current.map((p) => p.post_id), hashes: current.map((p) => p.fingerprint) },
      async *postsToWrite(pageSize: number) {
        for (let i = 0; i < toWrite.length; i += pageSize) yield toWrite.slice(i, i + pageSize);
      },
    });
  }
}
