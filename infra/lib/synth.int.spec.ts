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
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { functionAssets, layerAsset, TemplateJson } from '../test-fixtures/assembly';
import { buildStack } from '../test-fixtures/build-stack';
import { elfHeader, EM_AARCH64 } from '../test-fixtures/elf-header';
import { requiredLibraryVersions, unmetLibraryVersions } from './elf-header';
import { INFRA_ROOT, REPO_ROOT } from './config';
import { DUCKDB_EXTENSIONS, DUCKDB_NODE_VERSION, DuckDbLayer } from './duckdb-layer';

/**
 * These synths really build the DuckDB layer: the linux-arm64 binding comes from the npm registry (installed once
 * into infra/.layer-cache, then copied); only the extension server is treated as unreachable (INSTALAKE_OFFLINE).
 */

/** The ELF header read here independently of lib/elf-header.ts: magic, EI_CLASS and e_machine (offset 18, LE). */
function elfIdentity(file: string): { magic: string; elfClass: number; machine: number } {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  readSync(fd, header, 0, 20, 0);
  closeSync(fd);
  return { magic: header.subarray(0, 4).toString('latin1'), elfClass: header[4], machine: header.readUInt16LE(18) };
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

describe('bundling and cdk synth (offline: no extension server, npm registry reachable)', () => {
  let out: string;
  beforeEach(() => (out = mkdtempSync(join(tmpdir(), 'instalake-synth-'))));
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('really bundles a handler with local esbuild (arm64, no Docker) and the arm64 DuckDB binding into the layer', () => {
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
    const layer = layerAsset(out, template);
    expectArm64DuckDbLayer(layer);
    expect(existsSync(join(layer, 'duckdb', 'extensions'))).toBe(false);
    expect(readFileSync(join(layer, 'duckdb', 'NO-EXTENSIONS.txt'), 'utf8')).toMatch(/do not deploy/);
  });

  it.each(['dev', 'prod'])(
    'cdk synth -c env=%s works offline, passes cdk-nag and ships DuckDB only through the layer',
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
      expect(result.stderr).toMatch(
        /Offline: the DuckDB layer has the linux-arm64 binding .* but skipped the extensions/,
      );
      expect(result.stderr).toMatch(/instalake:duckdb-layer-no-extensions/);
      const template = JSON.parse(readFileSync(join(out, `Instalake-${env}.template.json`), 'utf8')) as TemplateJson;
      expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::Bedrock::Agent')).toBe(true);
      expectArm64DuckDbLayer(layerAsset(out, template));

      // Each bundle leaves DuckDB to the runtime (the layer's /opt/nodejs/node_modules): no inlined node-api or binding.
      for (const [app, { dir, layered }] of Object.entries(functionAssets(out, template))) {
        const bundle = readFileSync(join(dir, 'index.js'), 'utf8');
        expect({
          app,
          inlinedBindings: /require\("@duckdb\/node-bindings"\)|node-bindings-linux-(x64|arm64)/.test(bundle),
        }).toEqual({ app, inlinedBindings: false });
        expect(filesUnder(dir).filter((f) => /\.(node|so)$/.test(f))).toEqual([]);
        if (layered) expect(bundle).toContain('require("@duckdb/node-api")');
      }
      expect(Object.values(functionAssets(out, template)).filter((f) => f.layered)).toHaveLength(3);
    },
  );

  it('a layer with pinned extensions is a different asset from a binding-only one', () => {
    const pinned = join(out, 'pinned-extensions');
    mkdirSync(pinned);
    // Test artefacts with real aarch64 ELF headers (the real files come from extensions.duckdb.org, unreachable here).
    for (const name of DUCKDB_EXTENSIONS)
      writeFileSync(
        join(pinned, `${name}.duckdb_extension`),
        Buffer.concat([elfHeader(EM_AARCH64), Buffer.from(name)]),
      );
    const synthLayer = (extensionsDir: string | null, name: string) => {
      const app = new App({ outdir: join(out, name) });
      const stack = new Stack(app, 'LayerOnly');
      new DuckDbLayer(stack, 'DuckDb', { offline: true, extensionsDir });
      const template = app.synth().getStackArtifact(stack.artifactId).template as TemplateJson;
      return layerAsset(join(out, name), template);
    };
    const bindingOnly = synthLayer(null, 'binding-only');
    const full = synthLayer(pinned, 'full');
    expect(full.replace(/.*asset\./, '')).not.toBe(bindingOnly.replace(/.*asset\./, ''));
    expectArm64DuckDbLayer(full);
    expect(readdirSync(join(full, 'duckdb', 'extensions', 'v1.5.5', 'linux_arm64')).sort()).toEqual(
      ['avro', 'aws', 'httpfs', 'iceberg'].map((n) => `${n}.duckdb_extension`),
    );
    expect(existsSync(join(full, 'duckdb', 'NO-EXTENSIONS.txt'))).toBe(false);
  });
});
