import { ObjectNotFoundError, ObjectStore } from '@instalake/ingestion';
import { PostDocument } from '../documents/post-document';
import { PostMetadata } from '../documents/post-metadata';
import { metadataFromSidecar, metadataSidecar } from '../documents/sidecar';

export interface StoredDocument {
  readonly docId: string;
  readonly text: string;
  readonly metadata: PostMetadata;
  readonly uri: string;
}

/** Where post documents live for the knowledge base to ingest (an S3 data source, or a local folder). */
export interface DocumentStore {
  put(documents: readonly PostDocument[]): Promise<void>;
  delete(docIds: readonly string[]): Promise<void>;
  /** Ids of every stored document. */
  list(): Promise<string[]>;
  read(docId: string): Promise<StoredDocument | undefined>;
  uri(docId: string): string;
}

/**
 * Where the knowledge base's files go. Documents: `<prefix>posts/<docId>.txt` + `<docId>.txt.metadata.json`
 * (point the Bedrock data source's inclusion prefix at `<prefix>posts/`); the sync manifest sits at
 * `<prefix>sync/manifest.json`, outside what the knowledge base ingests.
 */
export interface KnowledgeLayout {
  readonly bucket: string;
  /** '' or ending in '/'. */
  readonly prefix: string;
}

export const DEFAULT_KNOWLEDGE_LAYOUT: KnowledgeLayout = { bucket: 'instalake-knowledge', prefix: '' };

export function documentsPrefix(layout: KnowledgeLayout): string {
  return `${layout.prefix}posts/`;
}

export function manifestRef(layout: KnowledgeLayout): { bucket: string; key: string } {
  return { bucket: layout.bucket, key: `${layout.prefix}sync/manifest.json` };
}

const TEXT_SUFFIX = '.txt';
const SIDECAR_SUFFIX = '.txt.metadata.json';

/** DocumentStore over the ObjectStore port, writing `concurrency` objects at a time. */
export class ObjectStoreDocumentStore implements DocumentStore {
  constructor(
    private readonly store: ObjectStore,
    readonly layout: KnowledgeLayout = DEFAULT_KNOWLEDGE_LAYOUT,
    private readonly concurrency = 16,
  ) {}

  private key(docId: string, suffix: string): string {
    return `${documentsPrefix(this.layout)}${docId}${suffix}`;
  }

  uri(docId: string): string {
    return `s3://${this.layout.bucket}/${this.key(docId, TEXT_SUFFIX)}`;
  }

  async put(documents: readonly PostDocument[]): Promise<void> {
    await eachLimited(documents, this.concurrency, async (doc) => {
      const bucket = this.layout.bucket;
      // Sidecar first: a reader that sees the text always finds its metadata.
      await this.store.put(
        { bucket, key: this.key(doc.docId, SIDECAR_SUFFIX) },
        JSON.stringify(metadataSidecar(doc)),
        'application/json',
      );
      await this.store.put({ bucket, key: this.key(doc.docId, TEXT_SUFFIX) }, doc.text, 'text/plain; charset=utf-8');
    });
  }

  async delete(docIds: readonly string[]): Promise<void> {
    await eachLimited(docIds, this.concurrency, async (docId) => {
      await this.store.delete({ bucket: this.layout.bucket, key: this.key(docId, TEXT_SUFFIX) });
      await this.store.delete({ bucket: this.layout.bucket, key: this.key(docId, SIDECAR_SUFFIX) });
    });
  }

  async list(): Promise<string[]> {
    const prefix = documentsPrefix(this.layout);
    const objects = await this.store.list(this.layout.bucket, prefix);
    return objects
      .map((o) => o.key.slice(prefix.length))
      .filter((k) => k.endsWith(TEXT_SUFFIX) && !k.includes('/'))
      .map((k) => k.slice(0, -TEXT_SUFFIX.length));
  }

  async read(docId: string): Promise<StoredDocument | undefined> {
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    try {
      const [text, sidecar] = await Promise.all([
        this.store.read({ bucket: this.layout.bucket, key: this.key(docId, TEXT_SUFFIX) }),
        this.store.read({ bucket: this.layout.bucket, key: this.key(docId, SIDECAR_SUFFIX) }),
      ]);
      return {
        docId,
        text: decode(text),
        metadata: metadataFromSidecar(JSON.parse(decode(sidecar))),
        uri: this.uri(docId),
      };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    }
  }
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure rejects. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
