/** Which object keys are scraper uploads, and where their dead letters go. */
export interface UploadPolicy {
  /** Prefix that triggers ingestion (default `uploads/`). */
  readonly uploadPrefix: string;
  /** Dead-letter prefix in the raw bucket (default `dlq/`). */
  readonly deadLetterPrefix: string;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = { uploadPrefix: 'uploads/', deadLetterPrefix: 'dlq/' };

export type SourceFormat = 'csv' | 'json';

/** File extensions ingestion reads (the S3 trigger's suffix filters list the same). */
export const UPLOAD_EXTENSIONS = ['.csv', '.json', '.jsonl', '.ndjson'] as const;

const EXTENSION = /(\.rejects)?\.(csv|json|jsonl|ndjson)$/i;

/** `.json`, `.jsonl` and `.ndjson` are JSON (an array of objects or one object per line); anything else CSV. */
export function sourceFormatOf(key: string): SourceFormat {
  return /\.(json|jsonl|ndjson)$/i.test(key) ? 'json' : 'csv';
}

export function isUploadKey(key: string, policy: UploadPolicy = DEFAULT_UPLOAD_POLICY): boolean {
  return (
    key.startsWith(policy.uploadPrefix) &&
    !key.endsWith('/') &&
    UPLOAD_EXTENSIONS.some((e) => key.toLowerCase().endsWith(e))
  );
}

/** A dead-letter rejects file sent back through ingestion (by replay): its cells were neutralised when written. */
export function isRejectsKey(key: string): boolean {
  return /\.rejects\.csv$/i.test(key);
}

/** `uploads/a/post_results.csv` -> `a/post_results.csv` (keys outside the prefix stay as they are). */
export function relativeUploadKey(key: string, policy: UploadPolicy = DEFAULT_UPLOAD_POLICY): string {
  return key.startsWith(policy.uploadPrefix) ? key.slice(policy.uploadPrefix.length) : key;
}

/** Splits `a/post_results.rejects.csv` into stem `a/post_results` and extension `.rejects.csv`. */
export function splitExtension(key: string): { stem: string; extension: string } {
  const match = EXTENSION.exec(key);
  return match ? { stem: key.slice(0, match.index), extension: match[0] } : { stem: key, extension: '' };
}

/** What identifies one delivery of a key: its S3 version, else its ETag (content MD5 locally), shortened. */
export function deliveryTag(object: { readonly etag: string; readonly versionId?: string }): string {
  const id = (object.versionId ?? object.etag).replace(/[^A-Za-z0-9]/g, '');
  return id.slice(0, 12) || 'unversioned';
}

export interface DeadLetterKeys {
  /** Copy of a file rejected whole. */
  readonly copy: string;
  /** Its error report. */
  readonly errorReport: string;
  /** Rejected rows of an ingested file. */
  readonly rejects: string;
}

/**
 * Every delivery gets its own dead-letter keys: `uploads/a/post_results.csv` with ETag 3f2a... ->
 * `dlq/a/post_results.3f2a9c1d0b7e.csv` (+ `.error.json`) and `dlq/a/post_results.3f2a9c1d0b7e.rejects.csv`, so two
 * files of the same name (two folders, two days) never overwrite each other's dead letters.
 */
export function deadLetterKeys(key: string, tag: string, policy: UploadPolicy = DEFAULT_UPLOAD_POLICY): DeadLetterKeys {
  const { stem, extension } = splitExtension(relativeUploadKey(key, policy));
  const base = `${policy.deadLetterPrefix}${stem}.${tag}`;
  const copy = `${base}${extension}`;
  return { copy, errorReport: `${copy}.error.json`, rejects: `${base}.rejects.csv` };
}
