import type { FileMapping } from '@instalake/lake-schema';
import { IngestMappingDocument, mappingRuleFor, parseIngestMapping } from '../mapping/ingest-mapping';
import { ObjectNotFoundError, type ObjectRef, type ObjectStore } from './object-store';

/** Port: the user's mapping for a file (from a mapping file the CLI and the ingest Lambda both read). */
export interface MappingSource {
  /** `relativeKey`: the key under the upload prefix. */
  mappingFor(relativeKey: string): Promise<FileMapping | undefined>;
}

/** No mapping: every file says everything itself. */
export const NO_MAPPING: MappingSource = { mappingFor: async () => undefined };

/** A mapping document already parsed (the CLI's --mapping file); also the in-memory fake. */
export class StaticMappingSource implements MappingSource {
  constructor(private readonly document: IngestMappingDocument) {}
  async mappingFor(relativeKey: string): Promise<FileMapping | undefined> {
    return mappingRuleFor(this.document, relativeKey);
  }
}

/**
 * A mapping file kept in the raw bucket (INSTALAKE_MAPPING_KEY, read by the CLI and the ingest Lambda): re-read when
 * its ETag changes, so editing it takes effect without a deploy. No object there means no mapping; an invalid one
 * fails the file (the event source retries it), never ingests it with the wrong columns.
 */
export class ObjectStoreMappingSource implements MappingSource {
  private cached?: { etag: string; document: IngestMappingDocument };

  constructor(
    private readonly store: ObjectStore,
    private readonly ref: ObjectRef,
  ) {}

  async mappingFor(relativeKey: string): Promise<FileMapping | undefined> {
    const info = await this.store.head(this.ref).catch((error: unknown) => {
      if (error instanceof ObjectNotFoundError) return undefined;
      throw error;
    });
    if (!info) return undefined;
    if (this.cached?.etag !== info.etag) {
      const text = new TextDecoder().decode(await this.store.read(this.ref));
      this.cached = { etag: info.etag, document: parseIngestMapping(text, `s3://${this.ref.bucket}/${this.ref.key}`) };
    }
    return mappingRuleFor(this.cached.document, relativeKey);
  }
}
