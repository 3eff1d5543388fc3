/**
 * Ingestion benchmark (not a test): generated posts through the whole IngestCsvFile use case, next to DuckDB's own
 * `CREATE TABLE AS SELECT * FROM read_csv(...)` / `read_json(...)` on the same file in the same run:
 *  - CSV (one line ending throughout: the record scan runs beside DuckDB's read);
 *  - the same CSV switching from CRLF to LF half-way (scan, then a normalised copy is read);
 *  - the same posts as JSON Lines in Apify's shape (nested owner, hashtag arrays).
 * Each phase runs in its own child process so its peak RSS is its own; each runs twice, the best run counts.
 * It also times the quote-aware scan and the normalising pass alone on the mixed file.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/ingest.bench.ts [--rows 1000000] [--memory-limit 512MB]
 *     [--only csv|json] [--runs 2]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { DuckDBInstance } from '@duckdb/node-api';
import { openIngestion } from '@instalake/composition';
import { quoteLiteral, scanCsvFile, writeNormalisedCsv } from '@instalake/duckdb';
import { LocalObjectStore } from '@instalake/object-store';
import { writeSampleData } from '@instalake/sample-data';
import { benchArg } from './bench-args';

const rows = Number(benchArg('rows', '1000000'));
const memoryLimit = benchArg('memory-limit', '512MB');
const work = resolve('.reports', 'bench', 'ingest');
const dataDir = join(work, `data-${rows}`);
const files = {
  csv: join(dataDir, 'post_results_sample.csv'),
  mixed: join(dataDir, 'post_results_mixed.csv'),
  json: join(dataDir, 'post_results_apify.jsonl'),
};

interface PhaseResult {
  phase: string;
  seconds: number;
  /** User + system CPU of the phase (DuckDB's threads included): steadier than wall time on a shared machine. */
  cpuSeconds?: number;
  rows: number;
  peakRssMb: number;
  detail?: unknown;
}

const elapsed = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** DuckDB on its own: CTAS from read_csv/read_json (auto-detected types) into a database file, as the lake persists. */
async function rawPhase(format: 'csv' | 'json'): Promise<PhaseResult> {
  const dbFile = join(work, `raw-${format}.duckdb`);
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const db = await DuckDBInstance.create(dbFile, {
    threads: '2',
    memory_limit: memoryLimit,
    temp_directory: join(work, 'tmp-raw'),
  });
  const c = await db.connect();
  const reader = format === 'csv' ? `read_csv(${quoteLiteral(files.csv)})` : `read_json(${quoteLiteral(files.json)})`;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await c.run(`CREATE TABLE posts AS SELECT * FROM ${reader}`);
  const seconds = elapsed(started);
  const cpuSeconds = cpuSince(cpu);
  const n = Number((await c.runAndReadAll('SELECT count(*) FROM posts')).getRows()[0][0]);
  c.closeSync();
  db.closeSync();
  return { phase: `duckdb CTAS read_${format}`, seconds, cpuSeconds, rows: n, peakRssMb: peakRssMb() };
}

async function ingestPhase(source: keyof typeof files): Promise<PhaseResult> {
  const home = join(work, `home-${source}`);
  rmSync(home, { recursive: true, force: true });
  const store = new LocalObjectStore(join(home, 'buckets'));
  const ref = { bucket: 'bench', key: `uploads/${files[source].split('/').pop()}` };
  mkdirSync(join(home, 'buckets', 'bench', 'uploads'), { recursive: true });
  // Link rather than copy: the benchmark measures ingestion, not the file copy.
  spawnSync('ln', [files[source], store.pathOf(ref)]);
  // Ingestion as the CLI and the ingest Lambda compose it.
  const ingestion = await openIngestion({
    objectStore: store,
    lake: { kind: 'local', databaseFile: join(home, 'lake.duckdb') },
    memoryLimit,
    threads: 2,
    scratchDirectory: join(home, 'tmp'),
  });
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await ingestion.ingestCsvFile.execute(ref);
  const seconds = elapsed(started);
  const cpuSeconds = cpuSince(cpu);
  ingestion.close();
  return {
    phase: `instalake ${source}`,
    seconds,
    cpuSeconds,
    rows: result.rowsRead,
    peakRssMb: peakRssMb(),
    detail: result,
  };
}

/** The line-ending passes alone: the scan of a clean and of a mixed file, and the normalised copy of the mixed one. */
async function passesPhase(): Promise<PhaseResult> {
  const options = { maxRecordBytes: 8 * 1024 * 1024, maxExcluded: 10_000 };
  let started = process.hrtime.bigint();
  await scanCsvFile(files.csv, options);
  const scanClean = elapsed(started);
  started = process.hrtime.bigint();
  const scan = await scanCsvFile(files.mixed, options);
  const scanMixed = elapsed(started);
  const target = join(work, 'normalised.csv');
  started = process.hrtime.bigint();
  await writeNormalisedCsv(files.mixed, target, scan);
  const normalise = elapsed(started);
  rmSync(target, { force: true });
  return {
    phase: 'line-ending passes',
    seconds: scanClean + scanMixed + normalise,
    rows: scan.records - 1,
    peakRssMb: peakRssMb(),
    detail: { scanClean, scanMixed, normalise, separators: scan.separators },
  };
}

/** The same posts, CRLF for the first half of the file and LF after it (as 27 of the seed project's 40 files). */
async function writeMixed(): Promise<void> {
  const half = statSync(files.csv).size / 2;
  let seen = 0;
  const crlf = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const start = seen;
      seen += chunk.length;
      if (start >= half) return done(null, chunk);
      const cut = Math.min(chunk.length, Math.ceil(half - start));
      const head = chunk.subarray(0, cut).toString('latin1').replace(/\n/g, '\r\n');
      done(null, Buffer.concat([Buffer.from(head, 'latin1'), chunk.subarray(cut)]));
    },
  });
  await pipeline(createReadStream(files.csv), crlf, createWriteStream(files.mixed));
}

/** The same posts in Apify instagram-scraper's JSON shape, one object per line. */
async function writeApifyJson(): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const c = await db.connect();
  await c.run(`COPY (
      SELECT post_id AS "shortCode", {'username': ltrim(creator, '@')} AS owner, search_term AS "queryTag",
             posted_date AS "timestamp", likes AS "likesCount", comments AS "commentsCount",
             list_filter(string_split(replace(coalesce(hashtags, ''), '#', ''), ' '), t -> t <> '') AS hashtags,
             caption, image_description AS alt, post_url AS url
      FROM read_csv(${quoteLiteral(files.csv)}, all_varchar = true))
    TO ${quoteLiteral(files.json)} (FORMAT json)`);
  c.closeSync();
  db.closeSync();
}

async function runPhase(phase: string): Promise<PhaseResult> {
  switch (phase) {
    case 'raw-csv':
      return rawPhase('csv');
    case 'raw-json':
      return rawPhase('json');
    case 'passes':
      return passesPhase();
    default:
      return ingestPhase(phase.replace('ingest-', '') as keyof typeof files);
  }
}

async function main(): Promise<void> {
  const phase = benchArg('phase', '');
  if (phase) {
    process.stdout.write(`RESULT ${JSON.stringify(await runPhase(phase))}\n`);
    return;
  }
  if (!existsSync(files.csv)) {
    console.log(`generating ${rows.toLocaleString('en-US')} posts into ${dataDir} ...`);
    await writeSampleData(dataDir, { posts: rows, seed: 1, today: new Date('2026-11-27T00:00:00Z') });
  }
  if (!existsSync(files.mixed)) await writeMixed();
  if (!existsSync(files.json)) await writeApifyJson();
  const mb = (f: string) => `${(statSync(f).size / 1e6).toFixed(0)} MB`;
  console.log(
    `files: CSV ${mb(files.csv)}, mixed line endings ${mb(files.mixed)}, JSON Lines ${mb(files.json)}; ` +
      `DuckDB memory_limit ${memoryLimit}, threads 2`,
  );
  const results: PhaseResult[] = [];
  const only = benchArg('only', '');
  const runs = Number(benchArg('runs', '2'));
  const order =
    only === 'csv'
      ? ['raw-csv', 'ingest-csv']
      : only === 'json'
        ? ['raw-json', 'ingest-json']
        : ['raw-csv', 'ingest-csv', 'ingest-mixed', 'raw-json', 'ingest-json', 'passes'];
  for (const p of Array.from({ length: runs }, () => order).flat()) {
    const child = spawnSync(
      process.execPath,
      [process.argv[1], '--phase', p, '--rows', String(rows), '--memory-limit', memoryLimit],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`phase ${p} failed: ${child.stderr}`);
    results.push(JSON.parse(line.slice(7)));
  }
  const best = (name: string) => results.filter((r) => r.phase === name).sort((a, b) => a.seconds - b.seconds)[0];
  const ran = (name: string) => results.some((r) => r.phase === name);
  const table = ['duckdb CTAS read_csv', 'instalake csv', 'instalake mixed', 'duckdb CTAS read_json', 'instalake json']
    .filter(ran)
    .map(best)
    .map((r) => ({
      phase: r.phase,
      seconds: r.seconds.toFixed(2),
      'cpu s': r.cpuSeconds?.toFixed(2) ?? '',
      'rows/s': Math.round(r.rows / r.seconds).toLocaleString('en-US'),
      'peak RSS MB': r.peakRssMb.toFixed(0),
    }));
  console.table(table);
  const ratio = (a: string, b: string) =>
    `${((best(b).seconds / best(a).seconds) * 100).toFixed(0)}% (by CPU time ${((best(b).cpuSeconds! / best(a).cpuSeconds!) * 100).toFixed(0)}%)`;
  if (ran('instalake csv'))
    console.log(
      `CSV ingest = ${ratio('instalake csv', 'duckdb CTAS read_csv')} of raw read_csv throughput (target >= 50%); ` +
        `peak RSS ${best('instalake csv').peakRssMb.toFixed(0)} MB (target < 1024)`,
    );
  if (ran('instalake mixed'))
    console.log(`CSV switching CRLF to LF = ${ratio('instalake mixed', 'duckdb CTAS read_csv')} of raw read_csv`);
  if (ran('instalake json'))
    console.log(`JSON ingest = ${ratio('instalake json', 'duckdb CTAS read_json')} of raw read_json throughput`);
  if (ran('line-ending passes')) {
    const passes = best('line-ending passes').detail as { scanClean: number; scanMixed: number; normalise: number };
    console.log(
      `line-ending passes on ${rows.toLocaleString('en-US')} rows: scan ${passes.scanClean.toFixed(2)} s (clean), ` +
        `${passes.scanMixed.toFixed(2)} s (mixed), normalised copy ${passes.normalise.toFixed(2)} s`,
    );
  }
  for (const name of ['instalake csv', 'instalake mixed', 'instalake json'].filter(ran)) {
    const d = best(name).detail as { rowsRead: number; landed: number; duplicates: number; rejected: number };
    console.log(
      `${name}: read ${d.rowsRead} = landed ${d.landed} + duplicates ${d.duplicates} + rejected ${d.rejected}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
