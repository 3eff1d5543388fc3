import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../lib/config';

const SCRIPT = join(REPO_ROOT, 'tools', 'scripts', 'iceberg-env.mjs');
const KEYS = require(join(REPO_ROOT, 'tools', 'scripts', 'iceberg-env', 'aws-test-keys.cjs')) as Record<string, string>;

/** The local Iceberg environment (tools/scripts/iceberg-env.mjs) for child processes such as the qemu runs. */
export interface IcebergEnv {
  /** LAKE_*, S3_* and AWS_* variables for a Lambda bundle run as its own process (extensions: the layer's). */
  lambdaEnv(): Record<string, string>;
  inspect(tables: readonly string[]): Promise<Record<string, { rows: number }>>;
  stop(): Promise<void>;
}

/** What `iceberg-env.mjs start` prints once ready (the fields used here). */
interface Facts {
  readonly restEndpoint: string;
  readonly s3Endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly python: string;
  readonly inspectScript: string;
  readonly lambdaEnv: Record<string, string>;
}

export function icebergEnvStatus(): { ready: true } | { ready: false; reason: string } {
  const status = spawnSync(process.execPath, [SCRIPT, 'status'], { encoding: 'utf8' });
  return status.status === 0
    ? { ready: true }
    : { ready: false, reason: `${status.stdout.trim()} (run: node tools/scripts/iceberg-env.mjs install)` };
}

/** Starts moto and the REST catalog on loopback; they stop with `stop()` or when this process ends. */
export async function startIcebergEnv(): Promise<IcebergEnv> {
  const child = spawn(process.execPath, [SCRIPT, 'start', '--stdin'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const facts = await new Promise<Facts>((ready, fail) => {
    createInterface({ input: child.stdout }).once('line', (line) => ready(JSON.parse(line)));
    child.once('exit', (code) => fail(new Error(`the Iceberg environment did not start (exit ${code})`)));
  });
  return {
    lambdaEnv: () => {
      // The extensions come from the layer under test, not from the environment's own copy.
      const { DUCKDB_EXTENSION_DIR: _ownExtensions, ...vars } = facts.lambdaEnv;
      return { ...vars, AWS_REGION: facts.region, ...KEYS };
    },
    inspect: (tables) => {
      const request = { uri: facts.restEndpoint, s3Endpoint: facts.s3Endpoint, region: facts.region, tables };
      const read = spawnSync(
        facts.python,
        [
          facts.inspectScript,
          JSON.stringify({ ...request, accessKeyId: facts.accessKeyId, secretAccessKey: facts.secretAccessKey }),
        ],
        { encoding: 'utf8' },
      );
      if (read.status !== 0) return Promise.reject(new Error(`PyIceberg failed: ${read.stderr.slice(-2000)}`));
      return Promise.resolve(JSON.parse(read.stdout));
    },
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
