import { InstalakeError } from '@instalake/errors';

/** An object key refused before anything reads or writes it. */
export class InvalidObjectKeyError extends InstalakeError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('INVALID_OBJECT_KEY', `Invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/**
 * Checks a key we are asked to act on as the path it becomes in a local bucket folder (and in people's minds):
 * slash-separated segments, none empty, `.` or `..`, no backslash, not absolute. S3 would
 * store `dlq/../uploads/x.csv` literally, a folder would resolve it to `uploads/x.csv`: such keys are refused
 * before any prefix check, naming the key they would resolve to. Returns the key.
 */
export function checkObjectKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new InvalidObjectKeyError(String(key), 'it is empty.');
  if (key.includes('\\')) throw new InvalidObjectKeyError(key, 'it contains a backslash; use / between folders.');
  if (key.startsWith('/')) throw new InvalidObjectKeyError(key, 'it starts with /; keys are relative to the bucket.');
  const segments = key.split('/');
  if (
    segments.slice(0, -1).some((s) => s === '' || s === '.' || s === '..') ||
    ['.', '..'].includes(segments.at(-1)!)
  ) {
    const resolved = resolveSegments(segments);
    throw new InvalidObjectKeyError(
      key,
      resolved === undefined
        ? 'it leaves the bucket through "..".'
        : `it has empty, "." or ".." segments (it would mean ${JSON.stringify(resolved)}); pass that key itself.`,
    );
  }
  return key;
}

function resolveSegments(segments: readonly string[]): string | undefined {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(s);
  }
  return out.join('/');
}
