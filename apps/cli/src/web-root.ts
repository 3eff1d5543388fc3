import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InstalakeError } from '@instalake/errors';

/**
 * The chat page's files. In the installed CLI this module is inside the bundle `apps/cli/dist/main.cjs`, so the
 * directory is `apps/cli/dist/web`, which the bundle step (`npm run build`, run by `npm install`) fills from
 * `src/web`; run from sources (tests) this file is `src/web-root.ts` and the directory is `src/web` itself.
 */
export const WEB_ROOT = join(__dirname, 'web');

export class WebFilesMissingError extends InstalakeError {
  constructor(directory: string) {
    super(
      'WEB_FILES_MISSING',
      `The chat page's files are missing: ${join(directory, 'index.html')} does not exist. Rebuild the CLI with ` +
        '`npm run build` (it copies apps/cli/src/web next to the bundle), then start the server again.',
    );
  }
}

/** Refuses to serve without the chat page rather than answer "/" with a placeholder. */
export function checkWebRoot(): string {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new WebFilesMissingError(WEB_ROOT);
  return WEB_ROOT;
}
