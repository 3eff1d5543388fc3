import { MAX_SIDECAR_BYTES, PostDocument } from './post-document';
import { NUMBER_ATTRIBUTES, PostMetadata, STRING_ATTRIBUTES, STRING_LIST_ATTRIBUTES } from './post-metadata';

type TypedValue =
  | { type: 'NUMBER'; numberValue: number }
  | { type: 'STRING'; stringValue: string }
  | { type: 'STRING_LIST'; stringListValue: string[] };

/** The `<document>.metadata.json` body Bedrock Knowledge Bases read beside an S3 document. */
export interface MetadataSidecar {
  readonly metadataAttributes: Record<string, { value: TypedValue; includeForEmbedding: boolean }>;
}

/**
 * Typed attributes so the knowledge base can filter (`equals` on city/creator, `greaterThanOrEquals` on
 * likes). Missing values are left out (Bedrock has no null). Text already carries the searchable words,
 * so no attribute is embedded. Hashtags are dropped from the end if the file would pass MAX_SIDECAR_BYTES.
 */
export function metadataSidecar(doc: PostDocument): MetadataSidecar {
  let hashtags = [...doc.metadata.hashtags];
  for (;;) {
    const sidecar = build({ ...doc.metadata, hashtags });
    if (Buffer.byteLength(JSON.stringify(sidecar)) <= MAX_SIDECAR_BYTES || hashtags.length === 0) return sidecar;
    hashtags = hashtags.slice(0, Math.floor(hashtags.length / 2));
  }
}

function build(metadata: PostMetadata): MetadataSidecar {
  const attributes: MetadataSidecar['metadataAttributes'] = {};
  const put = (key: string, value: TypedValue) => (attributes[key] = { value, includeForEmbedding: false });
  for (const key of STRING_ATTRIBUTES) {
    const v = metadata[key];
    if (typeof v === 'string' && v !== '') put(key, { type: 'STRING', stringValue: v });
  }
  for (const key of NUMBER_ATTRIBUTES) {
    const v = metadata[key];
    if (typeof v === 'number' && Number.isFinite(v)) put(key, { type: 'NUMBER', numberValue: v });
  }
  for (const key of STRING_LIST_ATTRIBUTES) {
    if (metadata[key].length > 0) put(key, { type: 'STRING_LIST', stringListValue: [...metadata[key]] });
  }
  return { metadataAttributes: attributes };
}

/** Reads a sidecar back into plain metadata (typed or plain values). */
export function metadataFromSidecar(sidecar: unknown): PostMetadata {
  const raw = (sidecar as MetadataSidecar | undefined)?.metadataAttributes ?? {};
  const plain: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) plain[key] = attributeValue(entry);
  return postMetadataFrom(plain);
}

function attributeValue(entry: unknown): unknown {
  if (entry && typeof entry === 'object' && 'value' in entry) {
    const v = (entry as { value: Partial<Record<string, unknown>> }).value;
    if (v && typeof v === 'object') return v.stringValue ?? v.numberValue ?? v.stringListValue ?? v.booleanValue;
  }
  return entry;
}

/** Plain key/value metadata (a sidecar, a Bedrock Retrieve result) -> PostMetadata; unknown keys ignored. */
export function postMetadataFrom(plain: Record<string, unknown>): PostMetadata {
  const str = (k: string) => (typeof plain[k] === 'string' && plain[k] !== '' ? (plain[k] as string) : undefined);
  const num = (k: string) => {
    const v = typeof plain[k] === 'string' ? Number(plain[k]) : plain[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const list = plain.hashtags;
  const out: Record<string, unknown> = {
    post_id: str('post_id') ?? '',
    creator: str('creator') ?? '',
    hashtags: Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [],
  };
  for (const k of ['city', 'posted_date', 'post_url', 'search_term']) if (str(k) !== undefined) out[k] = str(k);
  for (const k of NUMBER_ATTRIBUTES) if (num(k) !== undefined) out[k] = num(k);
  return out as unknown as PostMetadata;
}
