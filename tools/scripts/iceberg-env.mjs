#!/usr/bin/env node
// The local Iceberg environment: an S3 server (moto), the Apache Iceberg REST catalog (the REST fixture jar, its
// warehouse on that S3) and the signed DuckDB extensions (iceberg, httpfs, aws, avro) from their PyPI wheels.
// Everything goes into git-ignored folders of the repo: `.venv/` (moto, pyiceberg) and `.iceberg-env/` (jar,
// launcher, extensions). Servers listen on 127.0.0.1 only, on free ports, with throwaway credentials.
//
//   node tools/scripts/iceberg-env.mjs install   idempotent; needs python3 (venv + pip), java 17 and mvn
//   node tools/scripts/iceberg-env.mjs status    what is installed (JSON); exit 1 when incomplete
//   node tools/scripts/iceberg-env.mjs start     foreground: prints one JSON line when ready, stops on Ctrl-C,
//                                                SIGTERM or when stdin closes (how the Iceberg tests use it)
//   node tools/scripts/iceberg-env.mjs up        background for a shell session; then `eval "$(... env)"`
//   node tools/scripts/iceberg-env.mjs env       shell exports for the running `up` environment
//   node tools/scripts/iceberg-env.mjs down      stops it
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import TEST_KEYS from './iceberg-env/aws-test-keys.cjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const HERE = join(ROOT, 'tools', 'scripts', 'iceberg-env');
const VENV = join(ROOT, '.venv');
const HOME = join(ROOT, '.iceberg-env');
const PYTHON = join(VENV, 'bin', 'python');
const MOTO = join(VENV, 'bin', 'moto_server');

const DUCKDB_VERSION = 'v1.5.5';
const EXTENSIONS = ['httpfs', 'aws', 'avro', 'iceberg'];
/** DuckDB platform directory -> wheel platform tag. */
const PLATFORMS = { linux_amd64: 'manylinux2014_x86_64', linux_arm64: 'manylinux2014_aarch64' };
const FIXTURE = {
  artifact: 'org.apache.iceberg:iceberg-open-api:1.10.1',
  jar: 'iceberg-open-api-1.10.1.jar',
  sha256: '09e6aef58984eaa58bf1e1bc5193ad023e929c6bfd38c82db7b83ffe825af724',
};
const JAR = join(HOME, 'jars', FIXTURE.jar);
const LAUNCHER = join(HOME, 'launcher');
const EXTENSION_DIR = join(HOME, 'extensions');
const INSTALLED = join(HOME, 'installed.json');
const RUN_DIR = join(HOME, 'run');

/** Throwaway credentials (the same the Jest configs of the Iceberg suites put in the environment). */
const CREDENTIALS = { accessKeyId: TEST_KEYS.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_KEYS.AWS_SECRET_ACCESS_KEY };
const REGION = 'us-east-1';
const BUCKET = 'warehouse';

const log = (message) => process.stderr.write(`[iceberg-env] ${message}\n`);

class EnvError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error?.code === 'ENOENT') throw new EnvError(`${command} is not installed`);
  if (result.status !== 0)
    throw new EnvError(
      `${command} ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim().slice(-1500)}`,
    );
  return result.stdout;
}

const hashOf = (...parts) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
const sha256File = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
const timed = (label, work) => {
  const started = Date.now();
  const outcome = work();
  log(`${label}: ${outcome} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
};

/** What the host must provide, with the command that provides it on Debian. */
function checkPrerequisites() {
  const missing = [];
  const has = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  if (!has('python3', ['-c', 'import venv, ensurepip']))
    missing.push('python3 with venv (apt-get install python3-venv)');
  if (!has('java', ['-version'])) missing.push('java 17 (apt-get install openjdk-17-jdk-headless)');
  if (!has('javac', ['-version'])) missing.push('javac (apt-get install openjdk-17-jdk-headless)');
  if (!has('mvn', ['-v'])) missing.push('mvn (apt-get install maven)');
  if (missing.length) throw new EnvError(`missing: ${missing.join('; ')}`);
}

function installPythonTools() {
  const requirements = readFileSync(join(HERE, 'python-tools.txt'), 'utf8');
  const marker = join(VENV, '.instalake-python-tools');
  const wanted = hashOf(requirements);
  if (existsSync(PYTHON) && existsSync(MOTO) && existsSync(marker) && readFileSync(marker, 'utf8') === wanted)
    return 'cached';
  if (!existsSync(PYTHON)) run('python3', ['-m', 'venv', VENV]);
  run(PYTHON, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '-r', join(HERE, 'python-tools.txt')]);
  writeFileSync(marker, wanted);
  return 'installed';
}

function installFixtureJar() {
  if (existsSync(JAR) && statSync(JAR).size > 0 && sha256File(JAR) === FIXTURE.sha256) return 'cached';
  const staging = mkdtempSync(join(tmpdir(), 'instalake-jar-'));
  try {
    // Resolved through the local Maven repository (~/.m2), then copied into the repo's cache.
    run('mvn', [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=${FIXTURE.artifact}`,
      '-Dtransitive=false',
      `-DoutputDirectory=${staging}`,
    ]);
    const file = join(staging, FIXTURE.jar);
    const actual = sha256File(file);
    if (actual !== FIXTURE.sha256)
      throw new EnvError(`${FIXTURE.artifact} has sha256 ${actual}, expected ${FIXTURE.sha256}: not the pinned jar`);
    mkdirSync(join(HOME, 'jars'), { recursive: true });
    renameSync(file, JAR);
    return 'downloaded';
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function compileLauncher() {
  const source = join(HERE, 'LoopbackRestCatalog.java');
  const marker = join(LAUNCHER, '.source-hash');
  const wanted = hashOf(readFileSync(source, 'utf8'), FIXTURE.sha256);
  if (existsSync(join(LAUNCHER, 'LoopbackRestCatalog.class')) && readJson(marker) === wanted) return 'cached';
  rmSync(LAUNCHER, { recursive: true, force: true });
  run('javac', ['-nowarn', '-cp', JAR, '-d', LAUNCHER, source]);
  writeFileSync(marker, JSON.stringify(wanted));
  return 'compiled';
}

/** `<dir>/v1.5.5/<platform>/<name>.duckdb_extension`, the layout DuckDB's extension_directory expects. */
function installExtensions(platform) {
  const requirements = readFileSync(join(HERE, 'duckdb-extensions.txt'), 'utf8');
  const target = join(EXTENSION_DIR, DUCKDB_VERSION, platform);
  const marker = join(target, '.wheels');
  const wanted = hashOf(requirements, platform);
  const complete = EXTENSIONS.every((name) => existsSync(join(target, `${name}.duckdb_extension`)));
  if (complete && existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return 'cached';
  const staging = mkdtempSync(join(tmpdir(), 'instalake-wheels-'));
  try {
    run(PYTHON, [
      '-m',
      'pip',
      'download',
      '-q',
      '--disable-pip-version-check',
      '--no-deps',
      '--only-binary=:all:',
      '--platform',
      PLATFORMS[platform],
      '--require-hashes',
      '-r',
      join(HERE, 'duckdb-extensions.txt'),
      '-d',
      join(staging, 'wheels'),
    ]);
    const unpacked = join(staging, 'unpacked');
    for (const wheel of readdirSync(join(staging, 'wheels')))
      run(PYTHON, ['-m', 'zipfile', '-e', join(staging, 'wheels', wheel), unpacked]);
    mkdirSync(target, { recursive: true });
    for (const name of EXTENSIONS) {
      const file = join(unpacked, `duckdb_extension_${name}`, 'extensions', DUCKDB_VERSION, `${name}.duckdb_extension`);
      if (!existsSync(file)) throw new EnvError(`the ${name} wheel holds no ${DUCKDB_VERSION} extension file`);
      renameSync(file, join(target, `${name}.duckdb_extension`));
    }
    writeFileSync(marker, wanted);
    return 'downloaded';
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function install() {
  const started = Date.now();
  checkPrerequisites();
  mkdirSync(HOME, { recursive: true });
  timed('python tools (.venv: moto, pyiceberg)', installPythonTools);
  timed(`REST catalog fixture (${FIXTURE.artifact})`, installFixtureJar);
  timed('loopback launcher', compileLauncher);
  for (const platform of Object.keys(PLATFORMS))
    timed(`DuckDB extensions ${platform}`, () => installExtensions(platform));
  writeFileSync(
    INSTALLED,
    JSON.stringify(
      {
        duckdb: DUCKDB_VERSION,
        extensions: EXTENSIONS,
        extensionDirectory: EXTENSION_DIR,
        python: PYTHON,
        jar: JAR,
        launcher: LAUNCHER,
        installedAt: new Date().toISOString(),
      },
      null,
      2,
    ),
  );
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Incomplete pieces, by name; empty when `start` can run. */
function missingPieces() {
  const missing = [];
  if (!existsSync(INSTALLED)) missing.push('install');
  if (!existsSync(MOTO) || !existsSync(PYTHON)) missing.push('.venv (moto, pyiceberg)');
  if (!existsSync(JAR) || !existsSync(join(LAUNCHER, 'LoopbackRestCatalog.class'))) missing.push('REST fixture');
  for (const platform of Object.keys(PLATFORMS))
    for (const name of EXTENSIONS)
      if (!existsSync(join(EXTENSION_DIR, DUCKDB_VERSION, platform, `${name}.duckdb_extension`)))
        missing.push(`${platform}/${name}`);
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('java');
  return missing;
}

function status() {
  const missing = missingPieces();
  process.stdout.write(
    `${JSON.stringify({ ready: missing.length === 0, missing, home: HOME, extensionDirectory: EXTENSION_DIR, python: PYTHON })}\n`,
  );
  process.exitCode = missing.length ? 1 : 0;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(what, check, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EnvError(`${what} exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EnvError(`${what} was not ready after ${timeoutMs / 1000} s`);
}

/** Starts moto and the REST catalog, resolves with the connection facts and a stop function. */
async function startServers(stateDir) {
  const missing = missingPieces();
  if (missing.length)
    throw new EnvError(`not installed (${missing.join(', ')}): run node tools/scripts/iceberg-env.mjs install`);
  mkdirSync(stateDir, { recursive: true });
  const [s3Port, restPort] = [await freePort(), await freePort()];
  const children = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  const logFile = (name) => openSync(join(stateDir, `${name}.log`), 'a');
  try {
    const motoLog = logFile('moto');
    const moto = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(s3Port)], { stdio: ['ignore', motoLog, motoLog] });
    children.push(moto);
    closeSync(motoLog);
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;
    await waitFor('moto', async () => (await fetch(`${s3Endpoint}/moto-api/`)).ok, moto, 30_000);
    const created = await fetch(`${s3Endpoint}/${BUCKET}`, { method: 'PUT' });
    if (!created.ok) throw new EnvError(`creating bucket ${BUCKET} on moto answered HTTP ${created.status}`);

    const restLog = join(stateDir, 'rest-catalog.log');
    const restFd = openSync(restLog, 'a');
    const rest = spawn('java', ['-Xmx512m', '-cp', `${JAR}:${LAUNCHER}`, 'LoopbackRestCatalog'], {
      cwd: stateDir,
      stdio: ['ignore', restFd, restFd],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_REGION: REGION,
        // moto and the Java SDK's default checksums disagree on some requests; only checksum what S3 requires.
        AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
        AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
        CATALOG_WAREHOUSE: `s3://${BUCKET}/`,
        CATALOG_IO__IMPL: 'org.apache.iceberg.aws.s3.S3FileIO',
        CATALOG_S3_ENDPOINT: s3Endpoint,
        CATALOG_S3_PATH__STYLE__ACCESS: 'true',
        CATALOG_URI: `jdbc:sqlite:file:${join(stateDir, 'catalog.sqlite')}`,
        CATALOG_REST_PORT: String(restPort),
      },
    });
    children.push(rest);
    closeSync(restFd);
    await waitFor(
      'the Iceberg REST catalog',
      async () => readFileSync(restLog, 'utf8').includes('instalake-rest-catalog-ready'),
      rest,
      90_000,
    );
    const restEndpoint = `http://127.0.0.1:${restPort}`;
    const facts = {
      s3Endpoint,
      restEndpoint,
      bucket: BUCKET,
      warehouse: `s3://${BUCKET}/`,
      region: REGION,
      ...CREDENTIALS,
      extensionDirectory: EXTENSION_DIR,
      python: PYTHON,
      inspectScript: join(HERE, 'inspect-tables.py'),
      stateDir,
      pid: process.pid,
      // What an ingest or tool Lambda needs to use this environment (besides the AWS keys).
      lambdaEnv: {
        LAKE_CATALOG: 'iceberg-rest',
        LAKE_REST_ENDPOINT: restEndpoint,
        LAKE_REST_AUTH: 'none',
        LAKE_WAREHOUSE: 'instalake',
        LAKE_REGION: REGION,
        LAKE_S3_ENDPOINT: s3Endpoint,
        LAKE_S3_URL_STYLE: 'path',
        DUCKDB_EXTENSION_DIR: EXTENSION_DIR,
        S3_ENDPOINT: s3Endpoint,
        S3_FORCE_PATH_STYLE: 'true',
      },
    };
    return { facts, children, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function start(args) {
  const stateIndex = args.indexOf('--state');
  const stateDir = stateIndex >= 0 ? resolve(args[stateIndex + 1]) : mkdtempSync(join(tmpdir(), 'instalake-iceberg-'));
  const ephemeral = stateIndex < 0;
  const { facts, children, stop } = await startServers(stateDir);
  let stopping = false;
  const shutdown = (code) => {
    if (stopping) return;
    stopping = true;
    stop();
    // Give both a moment to exit, then remove the throwaway state.
    setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      if (ephemeral) rmSync(stateDir, { recursive: true, force: true });
      process.exit(code);
    }, 300);
  };
  for (const child of children)
    child.on('exit', (code) => {
      if (!stopping) {
        log(`a server exited unexpectedly (code ${code}); logs in ${stateDir}`);
        shutdown(1);
      }
    });
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  if (args.includes('--stdin')) {
    // The caller (a test run) owns the servers: when it goes away, its end of the pipe closes.
    process.stdin.on('end', () => shutdown(0));
    process.stdin.on('error', () => shutdown(0));
    process.stdin.resume();
  }
  writeFileSync(join(stateDir, 'env.json'), JSON.stringify(facts, null, 2));
  process.stdout.write(`${JSON.stringify(facts)}\n`);
}

async function up() {
  const running = readJson(join(RUN_DIR, 'env.json'));
  if (running && isAlive(running.pid)) {
    log(`already running (pid ${running.pid})`);
    return;
  }
  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
  const out = openSync(join(RUN_DIR, 'start.log'), 'a');
  const child = spawn(process.execPath, [import.meta.filename, 'start', '--state', RUN_DIR], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  closeSync(out);
  await waitFor('the environment', async () => existsSync(join(RUN_DIR, 'env.json')), child, 120_000);
  log(`running (pid ${child.pid}); eval "$(node tools/scripts/iceberg-env.mjs env)" to use it, "down" to stop it`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function down() {
  const running = readJson(join(RUN_DIR, 'env.json'));
  if (!running || !isAlive(running.pid)) return log('not running');
  process.kill(running.pid, 'SIGTERM');
  log(`stopped pid ${running.pid}`);
}

/** The variables the ingest and tool Lambdas read (and the AWS keys), for the running `up` environment. */
function env() {
  const facts = readJson(join(RUN_DIR, 'env.json'));
  if (!facts || !isAlive(facts.pid)) throw new EnvError('not running: node tools/scripts/iceberg-env.mjs up');
  const vars = { ...facts.lambdaEnv, ...TEST_KEYS, AWS_REGION: facts.region };
  for (const [key, value] of Object.entries(vars)) process.stdout.write(`export ${key}='${value}'\n`);
}

const [command = 'help', ...args] = process.argv.slice(2);
const commands = { install, status, start: () => start(args), up, down, env };
try {
  if (!commands[command]) {
    process.stderr.write(
      readFileSync(import.meta.filename, 'utf8')
        .split('\nimport ')[0]
        .replace(/^#!.*\n/, ''),
    );
    process.exitCode = command === 'help' ? 0 : 2;
  } else await commands[command]();
} catch (error) {
  log(error instanceof EnvError ? error.message : (error.stack ?? String(error)));
  process.exitCode = 1;
}
