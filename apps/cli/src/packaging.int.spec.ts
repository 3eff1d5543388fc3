import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALLED_CLI, REPO_ROOT, runInstalled } from './installed-cli.fixture';
import { EXIT } from '@instalake/transport';

/** The CLI package as `npm install` leaves it: the bundle and, beside it, the chat page it serves. */
describe('the packaged CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-package-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses to serve, saying how to fix it, when its chat page files are missing', async () => {
    // The bundle as built, in a package without dist/web (node_modules as installed).
    const bundle = join(dir, 'cli', 'dist', 'main.cjs');
    mkdirSync(join(dir, 'cli', 'dist'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.cjs'), bundle);
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'cli', 'node_modules'));
    const home = join(dir, 'home');
    const served = await runInstalled(['serve', '--port', '0'], {
      home,
      command: [
        process.execPath,
        '-e',
        `require(${JSON.stringify(bundle)}).run(process.argv.slice(1)).then((c) => process.exit(c))`,
      ],
    });
    expect(served.code).toBe(EXIT.failed);
    expect(served.stderr).toContain(
      `error [WEB_FILES_MISSING]: The chat page's files are missing: ${join(dir, 'cli', 'dist', 'web', 'index.html')}`,
    );
    expect(served.stderr).toContain('npm run build');
  });

  it('prints its version and help through the bin script', async () => {
    const version = await runInstalled(['--version'], { home: join(dir, 'home') });
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(INSTALLED_CLI.endsWith(join('apps', 'cli', 'bin', 'instalake.js'))).toBe(true);
  });
});
