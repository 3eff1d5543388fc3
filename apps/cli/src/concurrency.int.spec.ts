import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedLocalLake } from '@instalake/duckdb';

const BIN = resolve(__dirname, '../bin/instalake.js');
const DUCKDB = require.resolve('@duckdb/node-api');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The installed command, in its own process, as a user runs it while another command holds the lake. */
function instalake(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  onStderr: (text: string) => void = () => undefined,
): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, INSTALAKE_HOME: home, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => onStderr((stderr += c)));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Another process writing the lake: holds DuckDB's lock on the file until killed. */
async function holdLake(lakeFile: string): Promise<ChildProcess> {
  const script = `const { DuckDBInstance } = require(${JSON.stringify(DUCKDB)});
    DuckDBInstance.create(${JSON.stringify(lakeFile)}).then(async (db) => { await (await db.connect()).run('SELECT 1');
      process.stdout.write('locked\\n'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => child.stdout!.once('data', () => r()));
  return child;
}

const stop = (child: ChildProcess) =>
  new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });

describe('commands while another command holds the lake (installed CLI, real processes)', () => {
  let home: string;
  let lakeFile: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-busy-'));
    lakeFile = join(home, 'lake.duckdb');
    await seedLocalLake(lakeFile, {
      'post_results.csv': 'post_id,creator,posted_date,likes\np1,@a,2024-05-01,3\np2,@b,2024-05-02,4\n',
    });
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('a writer waits for the lake with a message, then does its work', async () => {
    const holder = await holdLake(lakeFile);
    // The other writer lets go once this one has said it waits.
    const run = await instalake(
      home,
      ['replay', 'dlq/missing.csv', '--json'],
      { INSTALAKE_LOCK_WAIT_MS: '20000' },
      (text) => {
        if (/The lake is busy/.test(text)) void stop(holder);
      },
    );
    await stop(holder);
    expect(run.stderr).toMatch(/The lake is busy: PID \d+ .* Waiting up to 20 s/);
    // It got the lake: what remains is that key's own answer (no such object), with the usage exit code.
    expect(JSON.parse(run.stdout).error.code).toBe('OBJECT_NOT_FOUND');
    expect(run.code).toBe(2);
  });

  it('gives up after INSTALAKE_LOCK_WAIT_MS with exit code 4 and no stack trace, writer or reader', async () => {
    const holder = await holdLake(lakeFile);
    try {
      const writer = await instalake(home, ['ingest', lakeFile], { INSTALAKE_LOCK_WAIT_MS: '500' });
      const reader = await instalake(home, ['sql', 'SELECT count(*) FROM posts'], { INSTALAKE_LOCK_WAIT_MS: '500' });
      for (const run of [writer, reader]) {
        expect(run.code).toBe(4);
        expect(run.stderr).toMatch(
          /error \[LAKE_UNAVAILABLE\]: .*another instalake process|error \[LAKE_UNAVAILABLE\]/i,
        );
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await stop(holder);
    }
  });

  it('a reader answers from the snapshot of a running server while the lake is being written', async () => {
    const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json'], {
      env: { ...process.env, INSTALAKE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((r) => serve.stdout!.once('data', () => r()));
      const holder = await holdLake(lakeFile);
      try {
        const run = await instalake(home, ['sql', 'SELECT count(*) AS n FROM posts', '--json'], {
          INSTALAKE_LOCK_WAIT_MS: '500',
        });
        expect(run.stderr).toMatch(/answering from the snapshot a running server took/);
        expect(JSON.parse(run.stdout)).toMatchObject({ data: [[2]] });
        expect(run.code).toBe(0);
      } finally {
        await stop(holder);
      }
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
  });

  it('gives distinct exit codes: refused query 3, bad --max-rows 2, bad replay key 2', async () => {
    expect((await instalake(home, ['sql', 'SELECT * FROM users'])).code).toBe(3);
    const rows = await instalake(home, ['sql', 'SELECT 1', '--max-rows', 'abc']);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toMatch(/--max-rows takes a whole number from 1 to 100, not "abc"/);
    const replay = await instalake(home, ['replay', 'dlq/../uploads/x.csv']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/INVALID_OBJECT_KEY.*would mean "uploads\/x.csv"/);
  });
});
