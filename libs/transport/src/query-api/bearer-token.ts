import { RequestRejectedError } from '../errors/request-rejected-error';

/** Refuses the request unless it carries `Authorization: Bearer <expected>` (no check when nothing is expected). */
export function checkBearerToken(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  expected: string | undefined,
): void {
  if (!expected) return;
  const header = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
  if (!token || !constantTimeEqual(token, expected)) {
    throw new RequestRejectedError(
      'UNAUTHORIZED',
      'This server requires "Authorization: Bearer <token>" (the INSTALAKE_API_TOKEN it was started with).',
      undefined,
      { 'www-authenticate': 'Bearer' },
    );
  }
}

/** Compares without an early exit, so the time taken says nothing about how much of the token matched. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}
