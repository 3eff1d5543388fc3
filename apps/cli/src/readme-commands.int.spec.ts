import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALLED_CLI, REPO_ROOT, startInstalled } from './installed-cli.fixture';

/**
 * The README's two commands, as written. If one stops working as the README says (the set-up no longer builds the
 * CLI, the demo's URL stops serving the chat page, `npm test` stops summarising), this fails.
 */
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const commandsSection = readme.slice(readme.indexOf('## The two commands'), readme.indexOf('## The two flows'));
const commands = [...commandsSection.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].trim());
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const npm = (args: string[]) =>
  spawnSync('npm', args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });

describe('the README commands work as written', () => {
  it('names the set-up + demo command and the test command', () => {
    expect(commands).toEqual(['npm install --no-audit --no-fund && npx instalake demo', 'npm test']);
    expect(commandsSection).toContain('http://127.0.0.1:3000');
  });

  it('set-up: `npm install` runs the postinstall build that packages the CLI, and links the `instalake` bin', () => {
    expect(packageJson.scripts.postinstall).toBe('node tools/scripts/build.mjs --quiet');
    const started = Date.now() - 1000;
    const build = npm(['run', '--silent', 'postinstall']);
    expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 0, stderr: '' });
    const dist = join(REPO_ROOT, 'apps', 'cli', 'dist');
    expect(statSync(join(dist, 'main.cjs')).mtimeMs).toBeGreaterThanOrEqual(started);
    const web = readdirSync(join(REPO_ROOT, 'apps', 'cli', 'src', 'web')).filter(
      (f) => /\.(html|css|js)$/.test(f) && !f.includes('.spec.'),
    );
    expect(readdirSync(join(dist, 'web')).sort()).toEqual(web.sort());
    // npx finds the workspace's bin link, which is the installed CLI the other tests run.
    expect(realpathSync(join(REPO_ROOT, 'node_modules', '.bin', 'instalake'))).toBe(INSTALLED_CLI);
  });

  it('`npx instalake demo` prints a URL that serves the chat page and answers questions', async () => {
    expect(existsSync(join(REPO_ROOT, 'node_modules', '.bin', 'instalake'))).toBe(true); // else npx would download
    const home = await mkdtemp(join(tmpdir(), 'instalake-readme-demo-'));
    // The README's command with a small sample and a free port (both demo options), in a fresh INSTALAKE_HOME.
    const demo = await startInstalled(['instalake', 'demo', '--posts', '300', '--port', '0'], {
      home,
      command: ['npx'],
      timeoutMs: 120_000,
    });
    try {
      expect(demo.output()).toMatch(/ingested\): records 300: landed \d+/);
      expect(demo.output()).toMatch(/Knowledge base: \d+ added/);
      const page = await fetch(demo.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toMatch(/<title>[^<]*Instalake/i);
      for (const asset of [...html.matchAll(/(?:src|href)="\.?\/?([\w.-]+\.(?:js|css))"/g)].map((m) => m[1])) {
        expect({ asset, status: (await fetch(`${demo.url}/${asset}`)).status }).toEqual({ asset, status: 200 });
      }
      const answer = await fetch(`${demo.url}/api/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: 'readme-1', query: 'Top 10 posts by likes in NYC' }),
      });
      expect(answer.status).toBe(200);
      expect((await answer.json()).data.table.rows.length).toBeGreaterThan(0);
    } finally {
      await demo.stop();
    }
    // Ctrl+C stopped the server and it cleaned up after itself: no snapshot left, nothing listening.
    expect(readdirSync(join(home, 'tmp')).filter((f) => f.startsWith('instalake-snapshot-'))).toEqual([]);
    await expect(fetch(demo.url)).rejects.toThrow();
    await rm(home, { recursive: true, force: true });
  }, 150_000);

  it('test: `npm test` runs the workspace test script over every project and ends with the summary line', () => {
    expect(packageJson.scripts.test).toBe('node tools/scripts/test-all.mjs');
    const projects = ['apps', 'libs', 'tools'].flatMap((top) =>
      readdirSync(join(REPO_ROOT, top))
        .map((name) => join(REPO_ROOT, top, name, 'project.json'))
        .filter(existsSync),
    );
    for (const file of [...projects, join(REPO_ROOT, 'infra', 'project.json')]) {
      expect({ file, targets: Object.keys(JSON.parse(readFileSync(file, 'utf8')).targets).sort() }).toEqual({
        file,
        targets: ['lint', 'test'],
      });
    }
    // The same command on a target no project has: the script, Nx and the summary, without running the suite again.
    const run = npm(['test', '--', 'readme-smoke-target']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^\d+ passed, \d+ failed$/);
  });
});
