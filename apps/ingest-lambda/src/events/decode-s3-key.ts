/**
 * S3 notification keys are form-encoded: a space arrives as `+`, a literal `+` as `%2B`. So `+` becomes a
 * space BEFORE percent-decoding (decoding first would turn `%2B` into a space).
 */
export function decodeS3Key(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}
