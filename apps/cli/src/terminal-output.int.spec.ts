import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../bin/instalake.js');
// eslint-disable-next-line no-control-regex -- raw control characters are what must not be printed
const RAW_CONTROLS = new RegExp('[\\u001b\\u0007\\u009b\\u202e]');

/** What the installed command prints when file names, headers and data carry terminal escape sequences. */
describe('instalake output never drives the terminal', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-escapes-'));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('prints escapes in file names, headers and values as visible text, in human and JSON output', async () => {
    const file = join(home, 'post_results_\u001b[2J\u001b]0;pwned\u0007\u202e.csv');
    await writeFile(
      file,
      'post_id,creator,posted_date,likes,\u001b[31mextra\u009b\n' +
        'p1,@a,2024-05-01,1,x\n' +
        'p2,@b,2024-05-02,\u001b[5mbad,x\n',
    );
    for (const json of [false, true]) {
      const run = spawnSync(process.execPath, [BIN, 'ingest', file, ...(json ? ['--json'] : [])], {
        env: { ...process.env, INSTALAKE_HOME: home },
        encoding: 'utf8',
      });
      const printed = run.stdout + run.stderr;
      expect(printed).toContain('post_results_');
      expect(printed).not.toMatch(RAW_CONTROLS);
      if (!json) expect(printed).toContain('\\u001b[2J');
      else expect(JSON.parse(run.stdout)[0].file).toBe(`uploads/post_results_\u001b[2J\u001b]0;pwned\u0007\u202e.csv`);
    }
  });
});
