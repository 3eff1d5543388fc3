import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

export interface StaticFile {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

/**
 * Serves the chat page's files from one directory: only known web file types (never tests or sources),
 * never outside the root (`..`, encoded or not), index.html for "/".
 */
export async function staticFile(root: string, urlPath: string): Promise<StaticFile> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return notFound();
  }
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${path}`);
  const type = TYPES[extname(file).toLowerCase()];
  if (!file.startsWith(base + sep) || !type || /\.(spec|test|int)\./.test(file) || path.includes('\0'))
    return notFound();
  try {
    if (!(await stat(file)).isFile()) return notFound();
    return {
      status: 200,
      headers: { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
      body: await readFile(file),
    };
  } catch {
    return notFound();
  }
}

function notFound(): StaticFile {
  return {
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'No such file.' } }),
  };
}
