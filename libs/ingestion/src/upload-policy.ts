/** Which object keys are scraper uploads, and where their dead letters go. */
export interface UploadPolicy {
  /** Prefix that triggers ingestion (default `uploads/`). */
  readonly uploadPrefix: string;
  /** Dead-letter prefix in the raw bucket (default `dlq/`). */
  readonly deadLetterPrefix: string;
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = { uploadPrefix: 'uploads/', deadLetterPrefix: 'dlq/' };

export function isUploadKey(key: string, policy: UploadPolicy = DEFAULT_UPLOAD_POLICY): boolean {
  return key.startsWith(policy.uploadPrefix) && key.toLowerCase().endsWith('.csv') && !key.endsWith('/');
}

/** `uploads/a/post_results.csv` -> `dlq/a/post_results.csv` (plus the given suffix). */
export function deadLetterKey(key: string, suffix = '', policy: UploadPolicy = DEFAULT_UPLOAD_POLICY): string {
  const relative = key.startsWith(policy.uploadPrefix) ? key.slice(policy.uploadPrefix.length) : key;
  return `${policy.deadLetterPrefix}${relative}${suffix}`;
}
