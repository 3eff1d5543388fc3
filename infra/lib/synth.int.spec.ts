import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { functionAssets, layerAsset, TemplateJson } from '../test-fixtures/assembly';
import { buildStack } from '../test-fixtures/build-stack';
import { filesBesideBundle } from '@instalake/lambda-bundle';
import { requiredLibraryVersions, unmetLibraryVersions } from './elf-header';
import { INFRA_ROOT, REPO_ROOT } from './config';
import {
  DEFAULT_LAYER_CACHE_DIR,
  DUCKDB_ENGINE_VERSION,
  DUCKDB_EXTENSIONS,
  DUCKDB_NODE_VERSION,
  DuckDbLayer,
  Run,
  runCommand,
} from './duckdb-layer';

/**
 * These synths really build the DuckDB layer: the linux-arm64 binding comes from the npm registry and the
 * extensions from their PyPI wheels (both installed once into infra/.layer-cache, then copied); only the DuckDB
 * extension server is treated as unreachable (INSTALAKE_OFFLINE).
 */

/** The ELF header read here independently of lib/elf-header.ts: magic, EI_CLASS and e_machine (offset 18, LE). */
function elfIdentity(file: string): { magic: string; elfClass: number; machine: number } {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  readSync(fd, header, 0, 20, 0);
  closeSync(fd);
  return { magic: header.subarray(0, 4).toString('latin1'), elfClass: header[4], machine: header.readUInt16LE(18) };
}

/**
 * The DuckDB metadata footer read here independently of lib/extension-footer.ts: the last 512 bytes hold eight
 * 32-byte fields, last first (magic, platform, DuckDB version, extension version, ABI, ...), then the signature.
 */
function extensionFooter(file: string): {
  magic: string;
  platform: string;
  duckdb: string;
  abi: string;
  signed: boolean;
} {
  const bytes = readFileSync(file);
  const footer = bytes.subarray(bytes.length - 512);
  const field = (i: number) =>
    footer
      .subarray(256 - (i + 1) * 32, 256 - i * 32)
      .toString('latin1')
      .replace(/\0+$/, '');
  return {
    magic: field(0),
    platform: field(1),
    duckdb: field(2),
    abi: field(4),
    signed: footer.subarray(256).some((b) => b !== 0),
  };
}

/** The four signed extensions for the pinned engine, built for aarch64, where functions look for them. */
function expectArm64Extensions(layer: string): void {
  const dir = join(layer, 'duckdb', 'extensions', DUCKDB_ENGINE_VERSION, 'linux_arm64');
  expect(readdirSync(dir).sort()).toEqual(['avro', 'aws', 'httpfs', 'iceberg'].map((n) => `${n}.duckdb_extension`));
  for (const name of DUCKDB_EXTENSIONS) {
    const file = join(dir, `${name}.duckdb_extension`);
    expect({ name, ...elfIdentity(file) }).toEqual({ name, magic: '\x7fELF', elfClass: 2, machine: 183 });
    expect({ name, ...extensionFooter(file) }).toEqual({
      name,
      magic: '4',
      platform: 'linux_arm64',
      duckdb: DUCKDB_ENGINE_VERSION,
      abi: 'CPP',
      signed: true,
    });
  }
  expect(existsSync(join(layer, 'duckdb', 'NO-EXTENSIONS.txt'))).toBe(false);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** What Lambda (arm64, Node.js 22) needs from the layer at /opt/nodejs/node_modules, and nothing for another CPU. */
function expectArm64DuckDbLayer(layer: string): void {
  const modules = join(layer, 'nodejs', 'node_modules');
  const addon = join(modules, '@duckdb', 'node-bindings-linux-arm64', 'duckdb.node');
  expect(elfIdentity(addon)).toEqual({ magic: '\x7fELF', elfClass: 2, machine: 183 });
  expect(elfIdentity(join(modules, '@duckdb', 'node-bindings-linux-arm64', 'libduckdb.so'))).toEqual({
    magic: '\x7fELF',
    elfClass: 2,
    machine: 183,
  });
  // Built for a glibc and libstdc++ the Lambda nodejs22.x runtime (Amazon Linux 2023) has.
  for (const file of [addon, join(modules, '@duckdb', 'node-bindings-linux-arm64', 'libduckdb.so')]) {
    const needed = requiredLibraryVersions(file);
    expect(needed.glibc).toMatch(/^2\.\d+/);
    expect(unmetLibraryVersions(needed)).toEqual([]);
  }

  const api = JSON.parse(readFileSync(join(modules, '@duckdb', 'node-api', 'package.json'), 'utf8'));
  expect(api).toMatchObject({
    version: DUCKDB_NODE_VERSION,
    dependencies: { '@duckdb/node-bindings': DUCKDB_NODE_VERSION },
  });
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  expect(api.version).toBe(root.dependencies['@duckdb/node-api']);

  // node-bindings picks `@duckdb/node-bindings-linux-arm64/duckdb.node` on linux-arm64 (glibc, via detect-libc);
  // from inside the layer that request resolves to the layer's own arm64 package.
  const bindings = join(modules, '@duckdb', 'node-bindings');
  const bindingsPackage = JSON.parse(readFileSync(join(bindings, 'package.json'), 'utf8'));
  expect(bindingsPackage.version).toBe(DUCKDB_NODE_VERSION);
  expect(bindingsPackage.optionalDependencies['@duckdb/node-bindings-linux-arm64']).toBe(DUCKDB_NODE_VERSION);
  expect(readFileSync(join(bindings, bindingsPackage.main), 'utf8')).toMatch(
    /case 'linux-arm64':[\s\S]*?require\('@duckdb\/node-bindings-linux-arm64\/duckdb\.node'\)/,
  );
  expect(require.resolve('@duckdb/node-bindings-linux-arm64/duckdb.node', { paths: [bindings] })).toBe(addon);
  expect(require.resolve('detect-libc', { paths: [bindings] }).startsWith(modules)).toBe(true);

  // No binding for another platform, and every native file in the layer is aarch64.
  expect(readdirSync(join(modules, '@duckdb')).filter((n) => n.startsWith('node-bindings-'))).toEqual([
    'node-bindings-linux-arm64',
  ]);
  const natives = filesUnder(layer).filter((f) => /\.(node|so)$/.test(f));
  expect(natives.map((f) => relative(layer, f)).sort()).toEqual([
    'nodejs/node_modules/@duckdb/node-bindings-linux-arm64/duckdb.node',
    'nodejs/node_modules/@duckdb/node-bindings-linux-arm64/libduckdb.so',
  ]);
}

describe('bundling and cdk synth (offline: no extension server; npm registry and PyPI reachable)', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'instalake-synth-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('really bundles a handler with local esbuild (arm64, no Docker), the arm64 binding and the four extensions into the layer', () => {
    const { app, stack } = buildStack({}, { bundle: true, outdir: out });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as TemplateJson;
    const { dir } = functionAssets(out, template).Ingest;
    const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(bundle).toContain('instalake-ingest-fixture-handler');
    expect(bundle).toMatch(/handler/);
    // Built with lambdaBundling (the smoke tests' options too): minified, names kept, with its source map.
    expect(bundle.trim().split('\n').length).toBeLessThanOrEqual(3);
    expect(existsSync(join(dir, 'index.js.map'))).toBe(true);
    expect(existsSync(join(functionAssets(out, template).Tool.dir, 'query-worker.cjs'))).toBe(true);
    const layer = layerAsset(out, template);
    expectArm64DuckDbLayer(layer);
    expectArm64Extensions(layer);
  });

  it.each(['dev', 'prod'])(
    'cdk synth -c env=%s works offline, passes cdk-nag, ships a complete DuckDB layer and DuckDB only through it',
    (env) => {
      const result = spawnSync(
        process.execPath,
        [
          join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
          'synth',
          '--no-notices',
          '-c',
          `env=${env}`,
          '-c',
          'account=123456789012',
          '-o',
          out,
          '-q',
        ],
        {
          cwd: INFRA_ROOT,
          encoding: 'utf8',
          env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', INSTALAKE_OFFLINE: '1' },
          timeout: 110_000,
        },
      );
      expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      // A deployable layer: no "do not deploy" warning.
      expect(result.stderr).not.toMatch(/skipped the extensions|instalake:duckdb-layer-no-extensions/);
      const template = JSON.parse(readFileSync(join(out, `Instalake-${env}.template.json`), 'utf8')) as TemplateJson;
      expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::Bedrock::Agent')).toBe(true);
      expectArm64DuckDbLayer(layerAsset(out, template));
      expectArm64Extensions(layerAsset(out, template));

      // Each bundle leaves DuckDB to the runtime (the layer's /opt/nodejs/node_modules): no inlined node-api or binding.
      for (const [app, { dir, layered }] of Object.entries(functionAssets(out, template))) {
        const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
        expect({
          app,
          inlinedBindings: /require\("@duckdb\/node-bindings"\)|node-bindings-linux-(x64|arm64)/.test(bundle),
        }).toEqual({ app, inlinedBindings: false });
        expect(filesUnder(dir).filter((f) => /\.(node|so)$/.test(f))).toEqual([]);
        if (layered) expect(bundle).toContain('require("@duckdb/node-api")');
        // Guarded SQL runs in worker processes started from files beside the bundle.
        for (const file of filesBesideBundle(REPO_ROOT))
          expect(readFileSync(join(dir, file.name), 'utf8')).toBe(readFileSync(file.source, 'utf8'));
      }
      expect(Object.values(functionAssets(out, template)).filter((f) => f.layered)).toHaveLength(3);
    },
  );

  it('a layer left without extensions (no wheels offline) is a different asset from a complete one, and says so', () => {
    const noPython: Run = (command, args, cwd) =>
      command === 'python3' ? { status: 127, stderr: 'python3: not found' } : runCommand(command, args, cwd);
    // A cache with the installed binding (shared, linked) but no extensions, so nothing hides the missing wheels.
    const bindingCache = join(out, 'binding-cache');
    mkdirSync(bindingCache);
    const bindingDir = `node-api-${DUCKDB_NODE_VERSION}-linux-arm64`;
    symlinkSync(join(DEFAULT_LAYER_CACHE_DIR, bindingDir), join(bindingCache, bindingDir));
    const synthLayer = (name: string, run?: Run) => {
      const app = new App({ outdir: join(out, name) });
      const stack = new Stack(app, 'LayerOnly');
      new DuckDbLayer(stack, 'DuckDb', { offline: true, extensionsDir: null, run, cacheDir: run && bindingCache });
      const template = app.synth().getStackArtifact(stack.artifactId).template as TemplateJson;
      return layerAsset(join(out, name), template);
    };
    const bindingOnly = synthLayer('binding-only', noPython);
    const full = synthLayer('full');
    expect(full.replace(/.*asset\./, '')).not.toBe(bindingOnly.replace(/.*asset\./, ''));
    expectArm64DuckDbLayer(bindingOnly);
    expect(existsSync(join(bindingOnly, 'duckdb', 'extensions'))).toBe(false);
    expect(readFileSync(join(bindingOnly, 'duckdb', 'NO-EXTENSIONS.txt'), 'utf8')).toMatch(
      /python3: not found.*do not deploy/,
    );
    expectArm64Extensions(full);
  });
});
