import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
/** The one script that installs, starts and stops the local Iceberg environment (also run by .ci/run). */
export const ICEBERG_ENV_SCRIPT = resolve(REPO_ROOT, 'tools', 'scripts', 'iceberg-env.mjs');
const HOW_TO_ENABLE =
  'Run `node tools/scripts/iceberg-env.mjs install` once (needs python3 with venv and pip, OpenJDK 17 and Maven; ' +
  'it fills the git-ignored .venv/ and .iceberg-env/).';

/** What `iceberg-env.mjs start` prints when moto and the REST catalog are up (loopback, free ports). */
export interface IcebergEnvFacts {
  readonly s3Endpoint: string;
  readonly restEndpoint: string;
  readonly bucket: string;
  readonly warehouse: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Holds `v1.5.5/linux_amd64/*.duckdb_extension` (and linux_arm64 for the layer). */
  readonly extensionDirectory: string;
  readonly python: string;
  readonly inspectScript: string;
  readonly stateDir: string;
  /** LAKE_* / S3_* variables of an ingest or tool Lambda using this environment through `iceberg-rest`. */
  readonly lambdaEnv: Readonly<Record<string, string>>;
}

/** PyIceberg's view of one table (tools/scripts/iceberg-env/inspect-tables.py). */
export interface PyIcebergTable {
  readonly location: string;
  readonly formatVersion: number;
  readonly rows: number;
  readonly columns: readonly { name: string; type: string }[];
  readonly partitionSpec: readonly { name: string; transform: string; source: string }[];
  readonly currentSnapshotId: string | null;
  readonly snapshots: readonly {
    id: string;
    parentId: string | null;
    operation: string | null;
    addedRecords: number;
    totalRecords: number;
  }[];
}

export interface RunningIcebergEnv extends Omit<IcebergEnvFacts, 'lambdaEnv'> {
  /**
   * The LAKE_* / S3_* variables an ingest or tool Lambda needs to use this environment through `iceberg-rest`
   * (the throwaway AWS keys come from tools/scripts/iceberg-env/aws-test-keys.cjs, set by the globalSetup of the project's Jest config).
   */
  lambdaEnv(): Record<string, string>;
  /** Reads tables with PyIceberg, independently of DuckDB. */
  inspect(tables: readonly string[]): Promise<Record<string, PyIcebergTable>>;
  stop(): Promise<void>;
}

/** Why the environment cannot start here, or undefined when it can. */
export function icebergEnvMissing(): string | undefined {
  const status = spawnSync(process.execPath, [ICEBERG_ENV_SCRIPT, 'status'], { encoding: 'utf8' });
  if (status.status === 0) return undefined;
  try {
    const { missing } = JSON.parse(status.stdout) as { missing: string[] };
    return `the local Iceberg environment is incomplete (missing: ${missing.join(', ')})`;
  } catch {
    return `the local Iceberg environment could not be checked: ${status.stderr.trim() || status.stdout.trim()}`;
  }
}

/**
 * `describe` for suites that need the Iceberg environment. Without it they are skipped locally with a message
 * saying how to enable them; under CI (CI=true) they never skip: a failing test names what is missing.
 */
export function describeWithIcebergEnv(name: string, body: () => void): void {
  const missing = icebergEnvMissing();
  if (!missing) {
    describe(name, body);
    return;
  }
  if (/^(1|true)$/i.test(process.env.CI ?? '')) {
    describe(name, () => {
      it('has the local Iceberg environment (CI installs it; these tests never skip there)', () => {
        throw new Error(`${missing}. ${HOW_TO_ENABLE}`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${missing}. ${HOW_TO_ENABLE}`);
  describe.skip(name, body);
}

/**
 * Starts moto and the Iceberg REST catalog for one test suite (and sets AWS_REGION for JavaScript clients);
 * `stop()` ends both. The servers also stop if this process dies (their script watches its stdin).
 */
export async function startIcebergEnv(timeoutMs = 90_000): Promise<RunningIcebergEnv> {
  const child = spawn(process.execPath, [ICEBERG_ENV_SCRIPT, 'start', '--stdin'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const facts = await new Promise<IcebergEnvFacts>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the Iceberg environment did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      ready(JSON.parse(line) as IcebergEnvFacts);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the Iceberg environment failed to start (exit ${code}): ${stderr.trim()}`));
    });
  });

  if (
    process.env.AWS_ACCESS_KEY_ID !== facts.accessKeyId ||
    process.env.AWS_SECRET_ACCESS_KEY !== facts.secretAccessKey
  ) {
    child.stdin.end();
    throw new Error(
      "The test process lacks the Iceberg environment's AWS keys: add globalSetup: tools/scripts/iceberg-env/jest-global-setup.cjs " +
        "to the project's jest.config.cjs (DuckDB's credential chain reads the real environment).",
    );
  }
  // JavaScript readers (the AWS SDK's region) see this test file's copy of process.env.
  const savedRegion = process.env.AWS_REGION;
  process.env.AWS_REGION = facts.region;

  return {
    ...facts,
    lambdaEnv: () => ({ ...facts.lambdaEnv }),
    inspect: (tables) => inspectWithPyIceberg(facts, tables),
    stop: async () => {
      if (savedRegion === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = savedRegion;
      child.stdin.end();
      await exited;
    },
  };
}

function inspectWithPyIceberg(
  facts: IcebergEnvFacts,
  tables: readonly string[],
): Promise<Record<string, PyIcebergTable>> {
  const request = JSON.stringify({
    uri: facts.restEndpoint,
    s3Endpoint: facts.s3Endpoint,
    region: facts.region,
    accessKeyId: facts.accessKeyId,
    secretAccessKey: facts.secretAccessKey,
    tables,
  });
  return new Promise((done, fail) => {
    const child = spawn(facts.python, [facts.inspectScript, request], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) =>
      code === 0 ? done(JSON.parse(out)) : fail(new Error(`PyIceberg failed (exit ${code}): ${err.slice(-3000)}`)),
    );
  });
}
