import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDuckDbLayer, DUCKDB_NODE_VERSION, Run } from './duckdb-layer';

describe('buildDuckDbLayer', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'layer-spec-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('offline: writes a placeholder, says so clearly and runs nothing', () => {
    const run = jest.fn<ReturnType<Run>, Parameters<Run>>();
    const log = jest.fn();
    expect(buildDuckDbLayer(out, { offline: true, run, log })).toBe(true);
    expect(run).not.toHaveBeenCalled();
    expect(log.mock.calls[0][0]).toMatch(/Offline: skipped bundling @duckdb\/node-bindings-linux-arm64@1\.5\.5-r\.5.*httpfs, aws, avro, iceberg.*placeholder/);
    expect(readFileSync(join(out, 'PLACEHOLDER.txt'), 'utf8')).toMatch(/not bundled/);
  });

  it('online: installs the linux-arm64 binding for the pinned version and fetches the four extensions', () => {
    const calls: { command: string; args: readonly string[] }[] = [];
    const run: Run = (command, args, cwd) => {
      calls.push({ command, args });
      if (command === 'npm') {
        // What npm would leave behind: the binding package inside the work dir's node_modules.
        const dir = join(cwd, 'node_modules', '@duckdb', 'node-bindings-linux-arm64');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'duckdb.node'), 'binary');
      }
      return { status: 0, stderr: '' };
    };
    expect(buildDuckDbLayer(out, { offline: false, run, log: () => undefined })).toBe(true);
    expect(calls[0].command).toBe('npm');
    expect(calls[0].args).toEqual(
      expect.arrayContaining(['install', '--cpu=arm64', '--os=linux', '--libc=glibc', `@duckdb/node-api@${DUCKDB_NODE_VERSION}`, `@duckdb/node-bindings-linux-arm64@${DUCKDB_NODE_VERSION}`]),
    );
    expect(calls[1].args.slice(2)).toEqual(['v1.5.5', join(out, 'duckdb', 'extensions', 'v1.5.5', 'linux_arm64'), 'httpfs', 'aws', 'avro', 'iceberg']);
    expect(readdirSync(join(out, 'nodejs', 'node_modules', '@duckdb'))).toEqual(['node-bindings-linux-arm64']);
    expect(existsSync(join(out, 'nodejs', 'node_modules', '@duckdb', 'node-bindings-linux-arm64', 'duckdb.node'))).toBe(true);
  });

  it('online: reports a failed install instead of producing a broken layer', () => {
    const log = jest.fn();
    const ok = buildDuckDbLayer(out, { offline: false, run: () => ({ status: 1, stderr: 'ENOTFOUND registry.npmjs.org' }), log });
    expect(ok).toBe(false);
    expect(log.mock.calls[0][0]).toMatch(/npm install of the arm64 DuckDB binding failed: ENOTFOUND/);
  });
});
