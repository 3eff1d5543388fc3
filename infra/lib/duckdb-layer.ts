import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, AssetHashType, DockerImage, Lazy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { InstalakeError } from '@instalake/errors';
import { INFRA_ROOT, REPO_ROOT } from './config';
import { elfMachineOf, requiredLibraryVersions, unmetLibraryVersions } from './elf-header';
import { footerMismatch } from './extension-footer';

/**
 * The same @duckdb/node-api as the root package.json (a spec keeps them equal), so Lambda runs the version the
 * tests run. 1.5.5-r.5, not the newer 1.5.6-r.1: the official signed iceberg/httpfs/aws/avro builds this project
 * can obtain (PyPI wheels) exist for DuckDB v1.5.5 only, and DuckDB refuses an extension built for another version.
 * 1.5.5-r.5 publishes @duckdb/node-bindings-linux-arm64 (duckdb.node + libduckdb.so).
 * Functions leave @duckdb/* external and resolve it from this layer at /opt/nodejs/node_modules.
 */
export const DUCKDB_NODE_VERSION = '1.5.5-r.5';
export const DUCKDB_ENGINE_VERSION = engineVersionOf(DUCKDB_NODE_VERSION);
export const DUCKDB_EXTENSIONS = ['httpfs', 'aws', 'avro', 'iceberg'] as const;
export const ARM64_BINDING_PACKAGE = '@duckdb/node-bindings-linux-arm64';
/** Where functions find the extensions (`<dir>/<engine version>/linux_arm64/*.duckdb_extension`). */
export const LAYER_EXTENSION_DIRECTORY = '/opt/duckdb/extensions';
/** Default build cache: one installed binding per version, reused by every synth on this machine. */
export const DEFAULT_LAYER_CACHE_DIR = join(INFRA_ROOT, '.layer-cache');
/**
 * The extensions' PyPI wheels, pinned by version and sha256 (the same file the local Iceberg environment uses).
 * They hold the official signed builds, so the layer is complete without extensions.duckdb.org.
 */
export const EXTENSION_WHEELS_REQUIREMENTS = join(
  REPO_ROOT,
  'tools',
  'scripts',
  'iceberg-env',
  'duckdb-extensions.txt',
);
export const ARM64_WHEEL_PLATFORM = 'manylinux2014_aarch64';
export const EXTENSIONS_DIR_HINT =
  `set INSTALAKE_DUCKDB_EXTENSIONS_DIR (or -c duckdbExtensionsDir=...) to a directory holding ` +
  `${DUCKDB_EXTENSIONS.map((n) => `${n}.duckdb_extension`).join(', ')} for DuckDB ${DUCKDB_ENGINE_VERSION} linux_arm64 ` +
  `(from https://extensions.duckdb.org/${DUCKDB_ENGINE_VERSION}/linux_arm64/<name>.duckdb_extension.gz, gunzipped)`;

/** `1.5.6-r.1` (node-api release) -> `v1.5.6` (the engine, which names the extension directory). */
export function engineVersionOf(nodeApiVersion: string): string {
  const match = /^(\d+\.\d+\.\d+)(?:-r\.\d+)?$/.exec(nodeApiVersion);
  if (!match) throw new Error(`"${nodeApiVersion}" is not a @duckdb/node-api version like 1.5.6-r.1`);
  return `v${match[1]}`;
}

export class DuckDbLayerError extends InstalakeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DUCKDB_LAYER', `DuckDB layer: ${message}`, options);
  }
}

export type Run = (
  command: string,
  args: readonly string[],
  cwd: string,
) => Pick<SpawnSyncReturns<string>, 'status' | 'stderr'>;

/**
 * npm run from `npx jest`/`npm run` inherits npm_config_local_prefix etc. pointing at the repo root: without
 * dropping them the arm64 install could land in the repo's own node_modules. Registry, cache and TLS settings stay.
 */
export function npmEnvironment(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i;
  return Object.fromEntries(Object.entries(environment).filter(([key]) => !/^npm_/i.test(key) || keep.test(key)));
}

/** The build's commands as child processes (npm, python3 -m pip, node), with npm's repo-pointing settings dropped. */
export const runCommand: Run = (command, args, cwd) =>
  spawnSync(command, args as string[], {
    cwd,
    encoding: 'utf8',
    env: npmEnvironment(process.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

export interface LayerBuildOptions {
  /**
   * No extension server (CI, tests): the binding still comes from the npm registry and the extensions from their
   * PyPI wheels; only when those fail too is the layer left without extensions.
   */
  readonly offline: boolean;
  /** Pinned `<name>.duckdb_extension` files (linux_arm64, same engine version) shipped instead of downloading. */
  readonly extensionsDir?: string | null;
  readonly cacheDir?: string;
  readonly run?: Run;
  readonly log?: (message: string) => void;
}

export interface LayerBuildResult {
  readonly binding: 'installed' | 'cached';
  readonly extensions: 'wheels' | 'downloaded' | 'pinned' | 'skipped';
}

/**
 * Fills `outputDir` with `nodejs/node_modules` (binding) and `duckdb/extensions/...`. Extensions come from a pinned
 * directory when given, else from the PyPI wheels (cached per version), else, online, from extensions.duckdb.org;
 * offline with no wheels they are skipped and the layer says so. Throws on any other failure.
 */
export function buildDuckDbLayer(outputDir: string, options: LayerBuildOptions): LayerBuildResult {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const exec = options.run ?? runCommand;
  const cacheDir = options.cacheDir ?? DEFAULT_LAYER_CACHE_DIR;
  const { dir: cached, installed } = ensureBinding(cacheDir, exec, log);
  cpSync(join(cached, 'node_modules'), join(outputDir, 'nodejs', 'node_modules'), {
    recursive: true,
    dereference: true,
  });

  const extensionDir = join(outputDir, 'duckdb', 'extensions', DUCKDB_ENGINE_VERSION, 'linux_arm64');
  const binding = installed ? 'installed' : 'cached';
  if (options.extensionsDir) {
    copyExtensions(options.extensionsDir, extensionDir, `pinned in ${options.extensionsDir}`);
    log(
      `[instalake] DuckDB layer: ${ARM64_BINDING_PACKAGE}@${DUCKDB_NODE_VERSION} + extensions from ${options.extensionsDir}.`,
    );
    return { binding, extensions: 'pinned' };
  }
  const wheels = ensureWheelExtensions(cacheDir, exec, log);
  if ('dir' in wheels) {
    copyExtensions(wheels.dir, extensionDir, `from the PyPI wheels in ${wheels.dir}`);
    return { binding, extensions: 'wheels' };
  }
  if (options.offline) {
    mkdirSync(join(outputDir, 'duckdb'), { recursive: true });
    writeFileSync(
      join(outputDir, 'duckdb', 'NO-EXTENSIONS.txt'),
      `Synthesized offline without DuckDB extensions (${wheels.error}): do not deploy. To ship them, ${EXTENSIONS_DIR_HINT}.\n`,
    );
    log(
      `[instalake] Offline: the DuckDB layer has the linux-arm64 binding (${ARM64_BINDING_PACKAGE}@${DUCKDB_NODE_VERSION}) ` +
        `but skipped the extensions (${DUCKDB_EXTENSIONS.join(', ')}): their PyPI wheels could not be had (${wheels.error}) ` +
        `and extensions.duckdb.org is not used offline. Do not deploy this assembly; fix pip, synthesize online, or ${EXTENSIONS_DIR_HINT}.`,
    );
    return { binding, extensions: 'skipped' };
  }
  log(`[instalake] DuckDB extension wheels unavailable (${wheels.error}); downloading from extensions.duckdb.org.`);
  mkdirSync(extensionDir, { recursive: true });
  const download = exec(
    process.execPath,
    ['-e', DOWNLOAD_EXTENSIONS, DUCKDB_ENGINE_VERSION, extensionDir, ...DUCKDB_EXTENSIONS],
    outputDir,
  );
  if (download.status !== 0) {
    throw new DuckDbLayerError(
      `downloading the extensions from extensions.duckdb.org failed: ${download.stderr.trim()}. Retry online, or ${EXTENSIONS_DIR_HINT}.`,
    );
  }
  checkExtensions(extensionDir, 'downloaded from extensions.duckdb.org');
  return { binding, extensions: 'downloaded' };
}

/**
 * The four linux_arm64 extensions from their PyPI wheels (`pip download --require-hashes` of the pinned
 * manylinux2014_aarch64 builds, unpacked with Python's zipfile), kept in `<cacheDir>/extensions-<version>-linux_arm64`.
 * Built in a temp dir and renamed into place. Returns the directory, or why the wheels could not be had.
 */
function ensureWheelExtensions(
  cacheDir: string,
  exec: Run,
  log: (m: string) => void,
): { dir: string } | { error: string } {
  const target = join(cacheDir, `extensions-${DUCKDB_ENGINE_VERSION}-linux_arm64`);
  if (existsSync(target)) {
    try {
      checkExtensions(target, `cached in ${target}`);
      return { dir: target };
    } catch (error) {
      log(`[instalake] ${(error as Error).message}; fetching the wheels again.`);
      rmSync(target, { recursive: true, force: true });
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'instalake-duckdb-wheels-'));
  try {
    const wheels = join(work, 'wheels');
    const pip = exec(
      'python3',
      [
        '-m',
        'pip',
        'download',
        '-q',
        '--disable-pip-version-check',
        '--no-deps',
        '--only-binary=:all:',
        '--platform',
        ARM64_WHEEL_PLATFORM,
        '--require-hashes',
        '-r',
        EXTENSION_WHEELS_REQUIREMENTS,
        '-d',
        wheels,
      ],
      work,
    );
    if (pip.status !== 0)
      return {
        error: `pip download failed (exit ${pip.status}): ${(pip.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`,
      };
    const unpacked = join(work, 'unpacked');
    for (const wheel of readdirSync(wheels).filter((f) => f.endsWith('.whl'))) {
      const unzip = exec('python3', ['-m', 'zipfile', '-e', join(wheels, wheel), unpacked], work);
      if (unzip.status !== 0) return { error: `unpacking ${wheel} failed: ${(unzip.stderr ?? '').trim()}` };
    }
    const staging = join(work, 'extensions');
    mkdirSync(staging);
    for (const name of DUCKDB_EXTENSIONS) {
      const file = join(
        unpacked,
        `duckdb_extension_${name}`,
        'extensions',
        DUCKDB_ENGINE_VERSION,
        `${name}.duckdb_extension`,
      );
      if (!existsSync(file)) return { error: `the ${name} wheel holds no ${DUCKDB_ENGINE_VERSION} extension` };
      copyFileSync(file, join(staging, `${name}.duckdb_extension`));
    }
    checkExtensions(staging, `from the ${ARM64_WHEEL_PLATFORM} wheels`);
    mkdirSync(cacheDir, { recursive: true });
    const final = mkdtempSync(join(cacheDir, '.building-'));
    cpSync(staging, final, { recursive: true });
    try {
      renameSync(final, target);
    } catch (error) {
      rmSync(final, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    }
    log(`[instalake] DuckDB ${DUCKDB_ENGINE_VERSION} linux_arm64 extensions from their PyPI wheels into ${target}.`);
    return { dir: target };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The binding, installed once per version into `<cacheDir>/node-api-<version>-linux-arm64/node_modules`. Built in a
 * temp dir and renamed into place, so a failed or concurrent build never leaves a half cache.
 */
function ensureBinding(cacheDir: string, exec: Run, log: (m: string) => void): { dir: string; installed: boolean } {
  const target = join(cacheDir, `node-api-${DUCKDB_NODE_VERSION}-linux-arm64`);
  if (existsSync(target)) {
    try {
      checkBinding(join(target, 'node_modules'), target);
      return { dir: target, installed: false };
    } catch (error) {
      log(`[instalake] ${(error as Error).message}; reinstalling.`);
      rmSync(target, { recursive: true, force: true });
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'instalake-duckdb-layer-'));
  try {
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'duckdb-layer', private: true }));
    // Only node-api is named: npm rejects an explicit foreign-platform package (EBADPLATFORM) but picks the arm64
    // optional dependency of @duckdb/node-bindings from --cpu/--os/--libc.
    const npm = exec(
      'npm',
      [
        'install',
        '--prefix',
        work,
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--no-package-lock',
        '--omit=dev',
        '--cpu=arm64',
        '--os=linux',
        '--libc=glibc',
        `@duckdb/node-api@${DUCKDB_NODE_VERSION}`,
      ],
      work,
    );
    if (npm.status !== 0) {
      throw new DuckDbLayerError(
        `npm install of @duckdb/node-api@${DUCKDB_NODE_VERSION} for linux-arm64 failed (exit ${npm.status}): ${npm.stderr.trim().slice(-2000)}. ` +
          'The binding comes from the npm registry: check network access and `npm config get registry`.',
      );
    }
    checkBinding(join(work, 'node_modules'), 'the npm install');
    mkdirSync(cacheDir, { recursive: true });
    removeAbandonedBuilds(cacheDir);
    const staging = mkdtempSync(join(cacheDir, '.building-'));
    cpSync(join(work, 'node_modules'), join(staging, 'node_modules'), { recursive: true });
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another synth finished the same version first: use its (complete) copy.
      if (!existsSync(target)) throw error;
    }
    log(`[instalake] Installed ${ARM64_BINDING_PACKAGE}@${DUCKDB_NODE_VERSION} into the layer cache ${target}.`);
    return { dir: target, installed: true };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A synth killed while copying leaves a `.building-*` directory (about 64 MB); one older than an hour is abandoned. */
function removeAbandonedBuilds(cacheDir: string): void {
  for (const name of readdirSync(cacheDir).filter((n) => n.startsWith('.building-'))) {
    const dir = join(cacheDir, name);
    if (Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
  }
}

/** The layer must hold exactly the pinned node-api and the aarch64 binding, nothing built for another platform. */
function checkBinding(nodeModules: string, where: string): void {
  const api = join(nodeModules, '@duckdb', 'node-api', 'package.json');
  const version = existsSync(api) ? (JSON.parse(readFileSync(api, 'utf8')) as { version: string }).version : 'missing';
  if (version !== DUCKDB_NODE_VERSION)
    throw new DuckDbLayerError(`${where} has @duckdb/node-api ${version}, expected ${DUCKDB_NODE_VERSION}`);
  const addon = join(nodeModules, ARM64_BINDING_PACKAGE, 'duckdb.node');
  const machine = existsSync(addon) ? elfMachineOf(addon) : 'missing';
  if (machine !== 'aarch64') {
    throw new DuckDbLayerError(
      `${where}: ${ARM64_BINDING_PACKAGE}/duckdb.node is ${machine ?? 'not an ELF file'}, expected an aarch64 ELF`,
    );
  }
  for (const file of [addon, join(nodeModules, ARM64_BINDING_PACKAGE, 'libduckdb.so')].filter((f) => existsSync(f))) {
    const unmet = unmetLibraryVersions(requiredLibraryVersions(file));
    if (unmet.length > 0) {
      throw new DuckDbLayerError(
        `${where}: ${file} needs ${unmet.join(', ')}: it would not load on the Lambda nodejs22.x runtime (Amazon Linux 2023)`,
      );
    }
  }
  const others = readdirSync(join(nodeModules, '@duckdb')).filter(
    (name) => name.startsWith('node-bindings-') && `@duckdb/${name}` !== ARM64_BINDING_PACKAGE,
  );
  if (others.length > 0)
    throw new DuckDbLayerError(`${where} also has bindings for other platforms (${others.join(', ')})`);
}

function copyExtensions(source: string, target: string, origin: string): void {
  const missing = DUCKDB_EXTENSIONS.map((name) => join(source, `${name}.duckdb_extension`)).filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0) {
    throw new DuckDbLayerError(
      `pinned extension file(s) not found: ${missing.join(', ')}. Put them there, or ${EXTENSIONS_DIR_HINT}.`,
    );
  }
  checkExtensions(source, origin);
  mkdirSync(target, { recursive: true });
  for (const name of DUCKDB_EXTENSIONS)
    copyFileSync(join(source, `${name}.duckdb_extension`), join(target, `${name}.duckdb_extension`));
}

/** Each file must be an aarch64 ELF whose DuckDB footer names linux_arm64 and the pinned engine version. */
function checkExtensions(dir: string, origin: string): void {
  for (const name of DUCKDB_EXTENSIONS) {
    const file = join(dir, `${name}.duckdb_extension`);
    const machine = existsSync(file) ? elfMachineOf(file) : 'missing';
    if (machine !== 'aarch64') {
      throw new DuckDbLayerError(
        `extension ${file} (${origin}) is ${machine ?? 'not an ELF file'}, expected a linux_arm64 (aarch64) build for DuckDB ${DUCKDB_ENGINE_VERSION}`,
      );
    }
    const mismatch = footerMismatch(file, 'linux_arm64', DUCKDB_ENGINE_VERSION);
    if (mismatch)
      throw new DuckDbLayerError(`extension ${file} (${origin}) ${mismatch}: DuckDB would refuse to load it`);
  }
}

/** Deploy-time download (never at request time) of the signed extension builds for linux_arm64. */
const DOWNLOAD_EXTENSIONS = `
const { gunzipSync } = require('node:zlib');
const { writeFileSync } = require('node:fs');
const [version, dir, ...names] = process.argv.slice(1);
(async () => {
  for (const name of names) {
    const url = 'https://extensions.duckdb.org/' + version + '/linux_arm64/' + name + '.duckdb_extension.gz';
    const res = await fetch(url);
    if (!res.ok) throw new Error(url + ' -> HTTP ' + res.status);
    writeFileSync(dir + '/' + name + '.duckdb_extension', gunzipSync(Buffer.from(await res.arrayBuffer())));
  }
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

export interface DuckDbLayerProps {
  /** No extension server: extensions from `extensionsDir` or their PyPI wheels, else skipped (with a warning). */
  readonly offline: boolean;
  readonly extensionsDir: string | null;
  readonly cacheDir?: string;
  /** Runs npm/pip/node for the build (tests pass a fake). */
  readonly run?: Run;
}

/** Shared layer: the arm64 DuckDB binding (about 64 MB unpacked) and the Iceberg extensions. */
export class DuckDbLayer extends Construct {
  readonly layer: lambda.LayerVersion;
  /** What the bundling put in the layer; undefined when this stack was not bundled (`cdk synth -e` of another). */
  built?: LayerBuildResult;

  constructor(scope: Construct, id: string, props: DuckDbLayerProps) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: Lazy.string({
        produce: () =>
          this.built?.extensions === 'skipped'
            ? `DuckDB ${DUCKDB_NODE_VERSION} linux-arm64 binding only (no extensions: do not deploy)`
            : `DuckDB ${DUCKDB_NODE_VERSION} linux-arm64 binding + extensions ${DUCKDB_EXTENSIONS.join(', ')}`,
      }),
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      code: lambda.Code.fromAsset(join(INFRA_ROOT, 'layer'), {
        // Hash of what was really bundled: a binding-only layer never shares a hash (or a cached upload) with a full one.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: local bundling either succeeds or throws with the reason (no silent Docker fallback).
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: {
            tryBundle: (outputDir) => {
              this.built = buildDuckDbLayer(outputDir, {
                offline: props.offline,
                extensionsDir: props.extensionsDir,
                cacheDir: props.cacheDir,
                run: props.run,
              });
              return true;
            },
          },
        },
      }),
    });
    // Bundling ran inside the LayerVersion constructor: a layer without extensions must never be deployed.
    if (this.built?.extensions === 'skipped') {
      Annotations.of(this).addWarningV2(
        'instalake:duckdb-layer-no-extensions',
        `Synthesized offline and the extensions' PyPI wheels could not be had: the DuckDB layer has the linux-arm64 ` +
          `binding but no extensions (${DUCKDB_EXTENSIONS.join(', ')}); do not deploy. Fix pip, synthesize online, or ${EXTENSIONS_DIR_HINT}.`,
      );
    }
  }

  /** False only when the bundling had to leave the extensions out. */
  get hasExtensions(): boolean {
    return this.built?.extensions !== 'skipped';
  }
}
