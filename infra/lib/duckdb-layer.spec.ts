import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { elfHeader, EM_AARCH64, EM_X86_64, extensionFile } from '../test-fixtures/elf-header';
import { REPO_ROOT } from './config';
import {
  buildDuckDbLayer,
  DUCKDB_ENGINE_VERSION,
  DUCKDB_NODE_VERSION,
  DuckDbLayer,
  DuckDbLayerError,
  engineVersionOf,
  EXTENSION_WHEELS_REQUIREMENTS,
  npmEnvironment,
  Run,
} from './duckdb-layer';

const EXTENSIONS = ['httpfs', 'aws', 'avro', 'iceberg'];

/** What `npm install --cpu=arm64 ...` leaves in `<cwd>/node_modules` (headers only, not 64 MB). */
function fakeNpm(options: { machine?: number; version?: string; extraBinding?: string; needs?: string } = {}) {
  const calls: { command: string; args: readonly string[]; cwd: string }[] = [];
  const run: Run = (command, args, cwd) => {
    calls.push({ command, args, cwd });
    const modules = join(cwd, 'node_modules', '@duckdb');
    mkdirSync(join(modules, 'node-api'), { recursive: true });
    writeFileSync(
      join(modules, 'node-api', 'package.json'),
      JSON.stringify({ name: '@duckdb/node-api', version: options.version ?? DUCKDB_NODE_VERSION }),
    );
    for (const binding of ['node-bindings-linux-arm64', options.extraBinding].filter((b): b is string => !!b)) {
      mkdirSync(join(modules, binding), { recursive: true });
      writeFileSync(
        join(modules, binding, 'duckdb.node'),
        Buffer.concat([elfHeader(options.machine ?? EM_AARCH64), Buffer.from(`\0${options.needs ?? 'GLIBC_2.17'}\0`)]),
      );
    }
    return { status: 0, stderr: '' };
  };
  return { run, calls };
}

function writeExtensions(
  dir: string,
  machine = EM_AARCH64,
  names = EXTENSIONS,
  footer: { platform?: string; duckdbVersion?: string } = {},
): void {
  mkdirSync(dir, { recursive: true });
  for (const name of names)
    writeFileSync(join(dir, `${name}.duckdb_extension`), extensionFile(name, { machine, ...footer }));
}

/**
 * npm for the binding plus python3 for the wheels: `pip download` leaves one wheel per extension, `zipfile -e`
 * unpacks it into `duckdb_extension_<name>/extensions/v1.5.5/<name>.duckdb_extension` (as the real wheels hold it).
 */
function fakeTools(options: { pip?: 'ok' | 'fail'; wheelFooter?: { duckdbVersion?: string; platform?: string } } = {}) {
  const npm = fakeNpm();
  const pipCalls: (readonly string[])[] = [];
  const run: Run = (command, args, cwd) => {
    if (command === 'npm') return npm.run(command, args, cwd);
    if (command !== 'python3') return { status: 1, stderr: `unexpected ${command}` };
    pipCalls.push(args);
    if (args.includes('download')) {
      if (options.pip === 'fail')
        return { status: 1, stderr: 'ERROR: Could not find a version that satisfies duckdb-extension-httpfs==1.5.5' };
      const dir = args[args.indexOf('-d') + 1];
      mkdirSync(dir, { recursive: true });
      for (const name of EXTENSIONS)
        writeFileSync(join(dir, `duckdb_extension_${name}-1.5.5-py3-none-manylinux2014_aarch64.whl`), 'zip');
      return { status: 0, stderr: '' };
    }
    const [, , , wheel, target] = args; // -m zipfile -e <wheel> <dir>
    const name = /duckdb_extension_(\w+)-/.exec(wheel)![1];
    const file = join(target, `duckdb_extension_${name}`, 'extensions', 'v1.5.5', `${name}.duckdb_extension`);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, extensionFile(name, options.wheelFooter));
    return { status: 0, stderr: '' };
  };
  return { run, npm, pipCalls };
}

describe('DuckDB layer versions', () => {
  it('pins the same @duckdb/node-api as the root package.json, so Lambda runs the version the tests run', () => {
    const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(DUCKDB_NODE_VERSION).toBe(root.dependencies['@duckdb/node-api']);
    expect(DUCKDB_ENGINE_VERSION).toBe(engineVersionOf(root.dependencies['@duckdb/node-api']));
  });

  it('pins the extension wheels (layer and local Iceberg environment) to the same engine, by hash, for both CPUs', () => {
    const version = DUCKDB_ENGINE_VERSION.slice(1);
    const pins = readFileSync(EXTENSION_WHEELS_REQUIREMENTS, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(pins.map((line) => line.split(' ')[0]).sort()).toEqual(
      EXTENSIONS.map((name) => `duckdb-extension-${name}==${version}`).sort(),
    );
    for (const line of pins) expect(line.match(/--hash=sha256:[0-9a-f]{64}/g)).toHaveLength(2);
    const script = readFileSync(join(REPO_ROOT, 'tools', 'scripts', 'iceberg-env.mjs'), 'utf8');
    expect(script).toContain(`const DUCKDB_VERSION = '${DUCKDB_ENGINE_VERSION}';`);
  });

  it('derives the engine version that names the extension directory', () => {
    expect(engineVersionOf('1.5.6-r.1')).toBe('v1.5.6');
    expect(engineVersionOf('1.4.4')).toBe('v1.4.4');
    expect(() => engineVersionOf('^1.5.6')).toThrow(/not a @duckdb\/node-api version/);
  });
});

describe('npmEnvironment', () => {
  it('drops the npm settings inherited from npx/npm run that point at the repo, keeps registry, cache and the rest', () => {
    const env = npmEnvironment({
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_local_prefix: '/repo',
      npm_config_prefix: '/usr',
      npm_package_json: '/repo/package.json',
      npm_lifecycle_event: 'npx',
      npm_config_registry: 'https://registry.example/',
      npm_config_cache: '/root/.npm',
      NPM_CONFIG_CAFILE: '/ca.pem',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      npm_config_registry: 'https://registry.example/',
      npm_config_cache: '/root/.npm',
      NPM_CONFIG_CAFILE: '/ca.pem',
    });
  });
});

describe('buildDuckDbLayer', () => {
  let root: string;
  let out: string;
  let cacheDir: string;
  const log = jest.fn();
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'layer-spec-'));
    out = join(root, 'out');
    cacheDir = join(root, 'cache');
    mkdirSync(out);
    log.mockReset();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const binding = (dir: string) =>
    join(dir, 'nodejs', 'node_modules', '@duckdb', 'node-bindings-linux-arm64', 'duckdb.node');
  const extensionDir = (dir: string) => join(dir, 'duckdb', 'extensions', 'v1.5.5', 'linux_arm64');

  it('offline: installs the arm64 binding from npm and the extensions from their hash-pinned aarch64 wheels', () => {
    const tools = fakeTools();
    expect(buildDuckDbLayer(out, { offline: true, cacheDir, run: tools.run, log })).toEqual({
      binding: 'installed',
      extensions: 'wheels',
    });
    expect(tools.npm.calls).toHaveLength(1);
    const [{ command, args, cwd }] = tools.npm.calls;
    expect(command).toBe('npm');
    expect(args).toEqual(
      expect.arrayContaining([
        'install',
        '--cpu=arm64',
        '--os=linux',
        '--libc=glibc',
        '--omit=dev',
        '--no-save',
        `@duckdb/node-api@${DUCKDB_NODE_VERSION}`,
      ]),
    );
    expect(args.slice(args.indexOf('--prefix'), args.indexOf('--prefix') + 2)).toEqual(['--prefix', cwd]);
    expect(readFileSync(binding(out)).subarray(0, 20)).toEqual(elfHeader(EM_AARCH64).subarray(0, 20));
    const download = tools.pipCalls.find((a) => a.includes('download'))!;
    expect(download).toEqual(
      expect.arrayContaining([
        '--platform',
        'manylinux2014_aarch64',
        '--require-hashes',
        '--no-deps',
        '--only-binary=:all:',
      ]),
    );
    expect(download[download.indexOf('-r') + 1]).toBe(EXTENSION_WHEELS_REQUIREMENTS);
    expect(readdirSync(extensionDir(out)).sort()).toEqual(EXTENSIONS.map((n) => `${n}.duckdb_extension`).sort());
    expect(existsSync(join(out, 'duckdb', 'NO-EXTENSIONS.txt'))).toBe(false);
    expect(existsSync(cwd)).toBe(false);
  });

  it('offline without the wheels (no pip, no PyPI): skips the extensions and says not to deploy', () => {
    const tools = fakeTools({ pip: 'fail' });
    expect(buildDuckDbLayer(out, { offline: true, cacheDir, run: tools.run, log })).toEqual({
      binding: 'installed',
      extensions: 'skipped',
    });
    expect(existsSync(extensionDir(out))).toBe(false);
    expect(readFileSync(join(out, 'duckdb', 'NO-EXTENSIONS.txt'), 'utf8')).toMatch(
      /pip download failed.*do not deploy.*INSTALAKE_DUCKDB_EXTENSIONS_DIR/,
    );
    const messages = log.mock.calls.map(([m]) => m as string).join('\n');
    expect(messages).toMatch(
      /Offline: the DuckDB layer has the linux-arm64 binding \(@duckdb\/node-bindings-linux-arm64@1\.5\.5-r\.5\) but skipped the extensions \(httpfs, aws, avro, iceberg\): their PyPI wheels could not be had \(pip download failed \(exit 1\): ERROR: Could not find/,
    );
    expect(messages).toMatch(/Do not deploy this assembly/);
  });

  it('refuses wheels whose extensions are built for another DuckDB version or platform, and caches nothing', () => {
    for (const wheelFooter of [{ duckdbVersion: 'v1.5.6' }, { platform: 'linux_amd64' }]) {
      const tools = fakeTools({ wheelFooter });
      expect(() => buildDuckDbLayer(out, { offline: true, cacheDir, run: tools.run, log })).toThrow(
        /httpfs\.duckdb_extension \(from the manylinux2014_aarch64 wheels\) is built for (DuckDB v1\.5\.6, expected v1\.5\.5|platform linux_amd64, expected linux_arm64): DuckDB would refuse to load it/,
      );
      expect(readdirSync(cacheDir).filter((d) => d.startsWith('extensions-'))).toEqual([]);
    }
  });

  it('installs once per version: later builds copy binding and extensions from the cache', () => {
    const tools = fakeTools();
    buildDuckDbLayer(out, { offline: true, cacheDir, run: tools.run, log });
    const second = join(root, 'second');
    expect(buildDuckDbLayer(second, { offline: true, cacheDir, run: tools.run, log })).toEqual({
      binding: 'cached',
      extensions: 'wheels',
    });
    expect(tools.npm.calls).toHaveLength(1);
    expect(tools.pipCalls.filter((a) => a.includes('download'))).toHaveLength(1);
    expect(existsSync(binding(second))).toBe(true);
    expect(readdirSync(extensionDir(second))).toHaveLength(4);
    expect(readdirSync(cacheDir).sort()).toEqual([
      `extensions-v1.5.5-linux_arm64`,
      `node-api-${DUCKDB_NODE_VERSION}-linux-arm64`,
    ]);
  });

  it('removes half-built cache directories abandoned over an hour ago, keeps a fresh one (another synth building)', () => {
    const abandoned = join(cacheDir, '.building-abandoned');
    const fresh = join(cacheDir, '.building-fresh');
    mkdirSync(abandoned, { recursive: true });
    mkdirSync(fresh);
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
    buildDuckDbLayer(out, { offline: true, cacheDir, run: fakeTools({ pip: 'fail' }).run, log });
    expect(readdirSync(cacheDir).sort()).toEqual(['.building-fresh', `node-api-${DUCKDB_NODE_VERSION}-linux-arm64`]);
  });

  it('reinstalls when the cached binding is not the pinned aarch64 one', () => {
    const cached = join(cacheDir, `node-api-${DUCKDB_NODE_VERSION}-linux-arm64`);
    fakeNpm({ machine: EM_X86_64 }).run('npm', [], cached);
    expect(buildDuckDbLayer(out, { offline: true, cacheDir, run: fakeTools({ pip: 'fail' }).run, log }).binding).toBe(
      'installed',
    );
    expect(log.mock.calls[0][0]).toMatch(/duckdb\.node is x86_64, expected an aarch64 ELF; reinstalling/);
    expect(
      readFileSync(join(cached, 'node_modules', '@duckdb', 'node-bindings-linux-arm64', 'duckdb.node')).readUInt16LE(
        18,
      ),
    ).toBe(EM_AARCH64);
  });

  it('fails clearly when npm install fails, and caches nothing', () => {
    const run: Run = () => ({
      status: 1,
      stderr: 'npm error code ENOTFOUND\nnpm error request to https://registry.npmjs.org failed',
    });
    expect(() => buildDuckDbLayer(out, { offline: true, cacheDir, run, log })).toThrow(DuckDbLayerError);
    expect(() => buildDuckDbLayer(out, { offline: true, cacheDir, run, log })).toThrow(
      /npm install of @duckdb\/node-api@1\.5\.5-r\.5 for linux-arm64 failed \(exit 1\): npm error code ENOTFOUND[\s\S]*check network access and `npm config get registry`/,
    );
    expect(existsSync(cacheDir)).toBe(false);
  });

  it.each([
    [
      'an x64 binding (platform flags ignored)',
      { machine: EM_X86_64 },
      /duckdb\.node is x86_64, expected an aarch64 ELF/,
    ],
    ['another node-api version', { version: '1.5.6-r.1' }, /has @duckdb\/node-api 1\.5\.6-r\.1, expected 1\.5\.5-r\.5/],
    [
      'bindings for other platforms too',
      { extraBinding: 'node-bindings-linux-x64' },
      /also has bindings for other platforms \(node-bindings-linux-x64\)/,
    ],
    [
      'a binding built against a newer glibc than Lambda has',
      { needs: 'GLIBC_2.38' },
      /needs GLIBC_2\.38 \(runtime has 2\.34\): it would not load on the Lambda nodejs22\.x runtime/,
    ],
  ])('refuses %s and caches nothing', (_, npmOptions, message) => {
    expect(() => buildDuckDbLayer(out, { offline: true, cacheDir, run: fakeNpm(npmOptions).run, log })).toThrow(
      message,
    );
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('ships pinned extension files from a local directory instead of downloading them', () => {
    const pinned = join(root, 'pinned');
    writeExtensions(pinned);
    const npm = fakeNpm();
    expect(buildDuckDbLayer(out, { offline: true, extensionsDir: pinned, cacheDir, run: npm.run, log })).toEqual({
      binding: 'installed',
      extensions: 'pinned',
    });
    expect(npm.calls.map((c) => c.command)).toEqual(['npm']); // neither pip nor a download
    expect(readdirSync(extensionDir(out)).sort()).toEqual(
      ['avro', 'aws', 'httpfs', 'iceberg'].map((n) => `${n}.duckdb_extension`),
    );
    expect(readFileSync(join(extensionDir(out), 'iceberg.duckdb_extension'))).toEqual(extensionFile('iceberg'));
    expect(existsSync(join(out, 'duckdb', 'NO-EXTENSIONS.txt'))).toBe(false);
  });

  it('names each missing pinned extension file and how to fix it', () => {
    const pinned = join(root, 'pinned');
    writeExtensions(pinned, EM_AARCH64, ['httpfs', 'aws']);
    expect(() =>
      buildDuckDbLayer(out, { offline: true, extensionsDir: pinned, cacheDir, run: fakeNpm().run, log }),
    ).toThrow(
      new RegExp(
        `pinned extension file\\(s\\) not found: ${join(pinned, 'avro.duckdb_extension')}, ${join(pinned, 'iceberg.duckdb_extension')}\\. Put them there, or set INSTALAKE_DUCKDB_EXTENSIONS_DIR.*v1\\.5\\.5 linux_arm64`,
      ),
    );
  });

  it('refuses pinned extensions built for another CPU', () => {
    const pinned = join(root, 'pinned');
    writeExtensions(pinned, EM_X86_64);
    expect(() =>
      buildDuckDbLayer(out, { offline: false, extensionsDir: pinned, cacheDir, run: fakeNpm().run, log }),
    ).toThrow(
      /httpfs\.duckdb_extension \(pinned in .*\) is x86_64, expected a linux_arm64 \(aarch64\) build for DuckDB v1\.5\.5/,
    );
  });

  it('refuses a pinned extension built for another DuckDB version', () => {
    const pinned = join(root, 'pinned');
    writeExtensions(pinned, EM_AARCH64, EXTENSIONS, { duckdbVersion: 'v1.5.6' });
    expect(() =>
      buildDuckDbLayer(out, { offline: true, extensionsDir: pinned, cacheDir, run: fakeNpm().run, log }),
    ).toThrow(/httpfs\.duckdb_extension \(pinned in .*\) is built for DuckDB v1\.5\.6, expected v1\.5\.5/);
  });

  it('online without the wheels: downloads the four extensions for the engine version and checks them', () => {
    const tools = fakeTools({ pip: 'fail' });
    const downloads: (readonly string[])[] = [];
    const run: Run = (command, args, cwd) => {
      if (command !== process.execPath) return tools.run(command, args, cwd);
      downloads.push(args);
      writeExtensions(args[3]);
      return { status: 0, stderr: '' };
    };
    expect(buildDuckDbLayer(out, { offline: false, cacheDir, run, log })).toEqual({
      binding: 'installed',
      extensions: 'downloaded',
    });
    expect(downloads).toHaveLength(1);
    expect(downloads[0].slice(2)).toEqual(['v1.5.5', extensionDir(out), ...EXTENSIONS]);
    expect(downloads[0][1]).toContain('https://extensions.duckdb.org/');
    expect(readdirSync(extensionDir(out))).toHaveLength(4);
  });

  it('online: a failed download fails the build with the reason and the offline alternative', () => {
    const tools = fakeTools({ pip: 'fail' });
    const run: Run = (command, args, cwd) =>
      command === process.execPath ? { status: 1, stderr: 'fetch failed' } : tools.run(command, args, cwd);
    expect(() => buildDuckDbLayer(out, { offline: false, cacheDir, run, log })).toThrow(
      /downloading the extensions from extensions\.duckdb\.org failed: fetch failed\. Retry online, or set INSTALAKE_DUCKDB_EXTENSIONS_DIR/,
    );
  });
});

describe('DuckDbLayer', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'layer-construct-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Synthesizes the layer for real (bundling included) with fake npm/pip. */
  const synthLayer = (props: { offline: boolean; extensionsDir: string | null }, pip: 'ok' | 'fail') => {
    const app = new App({ outdir: join(root, 'cdk.out') });
    const stack = new Stack(app, 'LayerTest');
    const construct = new DuckDbLayer(stack, 'DuckDb', {
      ...props,
      cacheDir: join(root, 'cache'),
      run: fakeTools({ pip }).run,
    });
    return { construct, annotations: Annotations.fromStack(stack), stack };
  };

  it('warns not to deploy a layer synthesized offline when even the wheels could not be had', () => {
    const { construct, annotations } = synthLayer({ offline: true, extensionsDir: null }, 'fail');
    expect(construct.hasExtensions).toBe(false);
    annotations.hasWarning(
      '/LayerTest/DuckDb',
      Match.stringLikeRegexp('has the linux-arm64 binding but no extensions .*do not deploy'),
    );
  });

  it.each<[string, { offline: boolean; extensionsDir: string | null }, 'ok' | 'fail']>([
    ['offline, extensions from the wheels', { offline: true, extensionsDir: null }, 'ok'],
    ['offline with pinned extensions', { offline: true, extensionsDir: 'pinned' }, 'fail'],
  ])('has no warning %s', (_, props, pip) => {
    const extensionsDir = props.extensionsDir && join(root, props.extensionsDir);
    if (extensionsDir) writeExtensions(extensionsDir);
    const { construct, annotations, stack } = synthLayer({ ...props, extensionsDir }, pip);
    expect(construct.hasExtensions).toBe(true);
    annotations.hasNoWarning('*', Match.stringLikeRegexp('no extensions'));
    expect(
      stack.resolve(
        construct.layer.node.defaultChild &&
          (construct.layer.node.defaultChild as { description?: string }).description,
      ),
    ).toMatch(/binding \+ extensions httpfs, aws, avro, iceberg/);
  });
});
