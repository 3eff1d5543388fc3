import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { INFRA_ROOT } from './config';

/**
 * The linux-arm64 binding for @duckdb/node-api 1.5.6 is missing from the registry; 1.5.5-r.5 has it
 * (FIELD-NOTES). Functions leave @duckdb/* external and resolve it from this layer at /opt/nodejs/node_modules.
 */
export const DUCKDB_NODE_VERSION = '1.5.5-r.5';
export const DUCKDB_ENGINE_VERSION = 'v1.5.5';
export const DUCKDB_EXTENSIONS = ['httpfs', 'aws', 'avro', 'iceberg'] as const;
/** Where functions find the extensions (`<dir>/<engine version>/linux_arm64/*.duckdb_extension`). */
export const LAYER_EXTENSION_DIRECTORY = '/opt/duckdb/extensions';
export const DUCKDB_EXTERNAL_MODULES = ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/node-bindings-linux-arm64'];

export type Run = (command: string, args: readonly string[], cwd: string) => Pick<SpawnSyncReturns<string>, 'status' | 'stderr'>;

const run: Run = (command, args, cwd) => spawnSync(command, args as string[], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export interface LayerBuildOptions {
  readonly offline: boolean;
  readonly run?: Run;
  readonly log?: (message: string) => void;
}

/** Fills `outputDir` with the layer content; offline it writes a placeholder and says so. Returns false only on failure. */
export function buildDuckDbLayer(outputDir: string, options: LayerBuildOptions): boolean {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const exec = options.run ?? run;
  if (options.offline) {
    mkdirSync(join(outputDir, 'nodejs'), { recursive: true });
    writeFileSync(
      join(outputDir, 'PLACEHOLDER.txt'),
      'Offline synth: the DuckDB linux-arm64 binding and extensions were not bundled. Synthesize without INSTALAKE_OFFLINE/CI to deploy.\n',
    );
    log(
      `[instalake] Offline: skipped bundling @duckdb/node-bindings-linux-arm64@${DUCKDB_NODE_VERSION} and the DuckDB extensions ` +
        `(${DUCKDB_EXTENSIONS.join(', ')}); the DuckDB layer is an empty placeholder. Do not deploy this assembly.`,
    );
    return true;
  }
  const work = mkdtempSync(join(tmpdir(), 'instalake-duckdb-layer-'));
  try {
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'duckdb-layer', private: true }));
    const npm = exec(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-save', '--omit=dev', '--cpu=arm64', '--os=linux', '--libc=glibc',
        `@duckdb/node-api@${DUCKDB_NODE_VERSION}`, `@duckdb/node-bindings-linux-arm64@${DUCKDB_NODE_VERSION}`],
      work,
    );
    if (npm.status !== 0) throw new Error(`npm install of the arm64 DuckDB binding failed: ${npm.stderr}`);
    cpSync(join(work, 'node_modules'), join(outputDir, 'nodejs', 'node_modules'), { recursive: true, dereference: true });
    const extensionDir = join(outputDir, 'duckdb', 'extensions', DUCKDB_ENGINE_VERSION, 'linux_arm64');
    mkdirSync(extensionDir, { recursive: true });
    const download = exec(process.execPath, ['-e', DOWNLOAD_EXTENSIONS, DUCKDB_ENGINE_VERSION, extensionDir, ...DUCKDB_EXTENSIONS], work);
    if (download.status !== 0) throw new Error(`downloading DuckDB extensions failed: ${download.stderr}`);
    return true;
  } catch (error) {
    log(`[instalake] ${(error as Error).message}`);
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
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
  readonly offline: boolean;
}

/** Shared layer: the arm64 DuckDB binding (about 64 MB unpacked) and the Iceberg extensions. */
export class DuckDbLayer extends Construct {
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string, props: DuckDbLayerProps) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: `DuckDB ${DUCKDB_NODE_VERSION} linux-arm64 binding + extensions ${DUCKDB_EXTENSIONS.join(', ')}`,
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      code: lambda.Code.fromAsset(join(INFRA_ROOT, 'layer'), {
        // The offline placeholder must never be mistaken for (or cached as) the real layer.
        assetHashType: AssetHashType.CUSTOM,
        assetHash: `duckdb-${DUCKDB_NODE_VERSION}-${DUCKDB_EXTENSIONS.join('-')}-${props.offline ? 'placeholder' : 'arm64'}`,
        bundling: {
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: { tryBundle: (outputDir) => buildDuckDbLayer(outputDir, { offline: props.offline }) },
        },
      }),
    });
    if (props.offline) {
      Annotations.of(this).addWarningV2(
        'instalake:duckdb-layer-placeholder',
        'Synthesized offline: the DuckDB layer is an empty placeholder; synthesize online before deploying.',
      );
    }
  }
}
