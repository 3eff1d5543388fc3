import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { functionAssets, layerAsset, TemplateJson } from '../test-fixtures/assembly';
import { buildStack } from '../test-fixtures/build-stack';
import { icebergEnvStatus, startIcebergEnv, type IcebergEnv } from '../test-fixtures/iceberg-env';
import { REPO_ROOT } from './config';
import { DUCKDB_EXTENSIONS, LAYER_EXTENSION_DIRECTORY } from './duckdb-layer';

/**
 * The deploy artefacts run as arm64 code: the synthesized ingest and tool bundles, with @duckdb/node-api and its
 * linux-arm64 binding taken from the synthesized layer (as Lambda does through /opt/nodejs/node_modules), execute
 * under qemu-aarch64 on Debian's aarch64 Node.js. Lambda runs Node.js 22 on Amazon Linux 2023; this runs Node.js 18
 * on Debian 12, which is what Debian offers: same CPU, glibc and N-API binding, so it proves the layer loads and the
 * bundles work on arm64. With the local Iceberg environment the ingest bundle MERGEs into an Iceberg table on the
 * REST catalog through the layer's own signed aarch64 extensions, and the tool bundle reads it back.
 * Needs `tools/scripts/arm64-node-sysroot.sh` (run by .ci/run); skipped, and said so, without it.
 */
const SYSROOT = process.env.INSTALAKE_ARM64_SYSROOT ?? join(homedir(), '.cache', 'instalake', 'arm64-node');
const QEMU = spawnSync('sh', ['-c', 'command -v qemu-aarch64'], { encoding: 'utf8' }).stdout.trim();
const ready = QEMU !== '' && existsSync(join(SYSROOT, 'usr', 'bin', 'node'));
if (!ready) {
  console.warn(
    `Skipping the arm64 Lambda run: ${QEMU ? '' : 'qemu-aarch64 is not installed; '}no aarch64 Node.js in ${SYSROOT}. Run: bash tools/scripts/arm64-node-sysroot.sh "${SYSROOT}"`,
  );
}

const iceberg = icebergEnvStatus();
if (ready && !iceberg.ready) {
  if (/^(1|true)$/i.test(process.env.CI ?? ''))
    throw new Error(`The arm64 Lambda run needs the local Iceberg environment under CI: ${iceberg.reason}`);
  console.warn(`The arm64 Lambda run uses a local lake, not Iceberg: ${iceberg.reason}`);
}

(ready ? describe : describe.skip)('Lambda bundles + DuckDB layer on arm64 (qemu-aarch64)', () => {
  let out: string;
  let assets: ReturnType<typeof functionAssets>;
  let layer: string;
  let lake: IcebergEnv | undefined;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'instalake-arm64-'));
    const { app, stack } = buildStack({ sourceRoot: REPO_ROOT }, { bundle: true, outdir: join(out, 'cdk.out') });
    const template = app.synth().getStackArtifact(stack.artifactId).template as TemplateJson;
    assets = functionAssets(join(out, 'cdk.out'), template);
    layer = layerAsset(join(out, 'cdk.out'), template);
    if (iceberg.ready) lake = await startIcebergEnv();
  });
  afterAll(async () => {
    await lake?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  /** Invokes `handler(event)` of a bundle in an arm64 Node.js process, with the layer on NODE_PATH like /opt/nodejs. */
  function invokeOnArm64(
    bundleDir: string,
    event: unknown,
    env: Record<string, string>,
  ): { result: unknown; arch: string; duckdb: string; extensions: unknown[] } {
    const eventFile = join(out, `event-${Date.now()}.json`);
    writeFileSync(eventFile, JSON.stringify(event));
    const script = `const { handler, dispose } = require(${JSON.stringify(join(bundleDir, 'index.js'))});
      const { DuckDBInstance } = require('@duckdb/node-api');
      (async () => {
        const result = await handler(JSON.parse(require('fs').readFileSync(${JSON.stringify(eventFile)}, 'utf8')));
        await dispose();
        // The layer's extensions, loaded the way the functions load them: from its directory, signatures checked.
        const db = await DuckDBInstance.create(':memory:', {
          extension_directory: process.env.DUCKDB_EXTENSION_DIR,
          autoinstall_known_extensions: 'false',
          autoload_known_extensions: 'false',
        });
        const c = await db.connect();
        const duckdb = (await c.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0].v;
        for (const name of ${JSON.stringify(DUCKDB_EXTENSIONS)}) await c.run('LOAD ' + name);
        const extensions = (await c.runAndReadAll(
          "SELECT extension_name, loaded, install_path FROM duckdb_extensions() WHERE extension_name IN ('httpfs', 'aws', 'avro', 'iceberg') ORDER BY 1",
        )).getRowObjectsJS();
        process.stdout.write('RESULT ' + JSON.stringify({ result, arch: process.arch, duckdb, extensions }) + '\\n');
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const run = spawnSync(QEMU, ['-L', SYSROOT, join(SYSROOT, 'usr', 'bin', 'node'), '-e', script], {
      cwd: bundleDir,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(layer, 'nodejs', 'node_modules'),
        // As the stack sets it, with the layer unpacked here instead of /opt.
        DUCKDB_EXTENSION_DIR: join(layer, LAYER_EXTENSION_DIRECTORY.replace(/^\/opt\//, '')),
        LOG_LEVEL: 'WARN',
        ...env,
      },
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) throw new Error(`arm64 run failed (exit ${run.status}): ${run.stderr.slice(-3000)}`);
    return JSON.parse(line.slice('RESULT '.length));
  }

  it('the ingest bundle MERGEs a CSV into the lake (Iceberg), the tool bundle answers guarded SQL over it, on arm64', async () => {
    const home = join(out, 'home');
    const key = 'uploads/arm64/post_results.csv';
    const file = join(home, 'buckets', 'instalake-raw', key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      [
        'post_id,creator,posted_date,likes,comments,caption',
        'p1,@joes_pizza,2024-05-01,1.2K,10,"Call 555-123-4567"',
        'p2,@joes_pizza,2024-05-02,"1,234",5,Slice',
        'p2,@joes_pizza,2024-05-02,9,9,dup',
      ].join('\n'),
    );
    const local = {
      OBJECT_STORE: 'local',
      INSTALAKE_HOME: home,
      INSTALAKE_SCRATCH_DIR: join(out, 'scratch'),
      DUCKDB_HOME_DIRECTORY: join(out, 'duckdb-home'),
      ...(lake ? lake.lambdaEnv() : {}),
    };

    const s3Put = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'eu-west-1',
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: 'instalake-raw' },
            object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1, eTag: 'e1' },
          },
        },
      ],
    };
    const ingest = invokeOnArm64(assets.Ingest.dir, s3Put, local);
    expect(ingest).toMatchObject({ arch: 'arm64', duckdb: 'v1.5.5' });
    // All four loaded from the layer (signature checks on: unsigned loading is never enabled).
    expect(ingest.extensions).toEqual(
      ['avro', 'aws', 'httpfs', 'iceberg'].map((name) => ({
        extension_name: name,
        loaded: true,
        install_path: join(layer, 'duckdb', 'extensions', 'v1.5.5', 'linux_arm64', `${name}.duckdb_extension`),
      })),
    );
    expect(ingest.result).toMatchObject({
      files: [{ file: key, status: 'ingested', table: 'posts', rowsRead: 3, landed: 2, duplicates: 1, rejected: 0 }],
    });

    const question = {
      messageVersion: '1.0',
      agent: { name: 'marketing', id: 'AGENT12345', alias: 'ALIAS12345', version: '1' },
      sessionId: 's-1',
      sessionAttributes: {},
      promptSessionAttributes: {},
      inputText: 'How many likes?',
      apiPath: '/query_posts',
      httpMethod: 'POST',
      actionGroup: 'lake-tools',
      requestBody: {
        content: {
          'application/json': {
            properties: [
              {
                name: 'sql',
                type: 'string',
                value:
                  "SELECT count(*) AS n, sum(likes) AS likes, string_agg(caption, ' | ' ORDER BY post_id) AS captions FROM posts",
              },
            ],
          },
        },
      },
    };
    // Guarded SQL runs in a query worker started from the bundle's query-worker.cjs; Lambda's kernel runs the arm64
    // Node directly, here the worker needs qemu as well (no binfmt_misc), under a cap that leaves room for qemu itself.
    const tool = invokeOnArm64(assets.Tool.dir, question, {
      ...local,
      QUERY_WORKER_LAUNCHER: JSON.stringify([QEMU, '-L', SYSROOT]),
      QUERY_WORKER_MEMORY_MB: '1024',
    });
    expect(tool).toMatchObject({
      arch: 'arm64',
      duckdb: 'v1.5.5',
      result: { response: { apiPath: '/query_posts', httpStatusCode: 200 } },
    });
    const body = JSON.parse(
      (tool.result as { response: { responseBody: { 'application/json': { body: string } } } }).response.responseBody[
        'application/json'
      ].body,
    );
    // Phone numbers in captions are masked by the arm64 query sandbox too.
    expect(body).toMatchObject({
      columns: ['n', 'likes', 'captions'],
      data: [[2, 2434, 'Call 555****67 | Slice']],
      source: lake ? expect.stringMatching(/^iceberg-rest:/) : 'local',
    });
    // The MERGE committed a snapshot that another engine (PyIceberg) reads.
    if (lake) expect((await lake.inspect(['instagram_db.posts']))['instagram_db.posts'].rows).toBe(2);
    // The bundles never brought their own DuckDB: it came from the layer.
    for (const dir of [assets.Ingest.dir, assets.Tool.dir])
      expect(readFileSync(join(dir, 'index.js'), 'utf8')).toContain('require("@duckdb/node-api")');
    expect(existsSync(join(assets.Tool.dir, 'query-worker.cjs'))).toBe(true);
  });
});
