/**
 * Ingestion benchmark (not a test): a generated posts file through the whole IngestCsvFile use case, next to
 * DuckDB's own `CREATE TABLE AS SELECT * FROM read_csv(...)` on the same file in the same run. Each phase runs in
 * its own child process so its peak RSS is its own.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/ingest.bench.ts [--rows 1000000] [--memory-limit 512MB]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openIngestion } from '@instalake/composition';
import { quoteLiteral } from '@instalake/duckdb';
import { LocalObjectStore } from '@instalake/object-store';
import { writeSampleData } from '@instalake/sample-data';
import { benchArg } from './bench-args';

const rows = Number(benchArg('rows', '1000000'));
const memoryLimit = benchArg('memory-limit', '512MB');
const work = resolve('.reports', 'bench', 'ingest');
const dataDir = join(work, `data-${rows}`);
const postsFile = join(dataDir, 'post_results_sample.csv');

interface PhaseResult {
  phase: string;
  seconds: number;
  rows: number;
  peakRssMb: number;
  detail?: unknown;
}

/** DuckDB on its own: CTAS from read_csv (auto-detected types) into a database file, as the lake persists to one. */
async function rawPhase(): Promise<PhaseResult> {
  const dbFile = join(work, 'raw.duckdb');
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const db = await DuckDBInstance.create(dbFile, {
    threads: '2',
    memory_limit: memoryLimit,
    temp_directory: join(work, 'tmp-raw'),
  });
  const c = await db.connect();
  const started = process.hrtime.bigint();
  await c.run(`CREATE TABLE posts AS SELECT * FROM read_csv(${quoteLiteral(postsFile)})`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const n = Number((await c.runAndReadAll('SELECT count(*) FROM posts')).getRows()[0][0]);
  c.closeSync();
  db.closeSync();
  return { phase: 'duckdb CTAS read_csv', seconds, rows: n, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function ingestPhase(): Promise<PhaseResult> {
  const home = join(work, 'home');
  rmSync(home, { recursive: true, force: true });
  const store = new LocalObjectStore(join(home, 'buckets'));
  const ref = { bucket: 'bench', key: 'uploads/post_results_sample.csv' };
  mkdirSync(join(home, 'buckets', 'bench', 'uploads'), { recursive: true });
  // Link rather than copy: the benchmark measures ingestion, not the file copy.
  spawnSync('ln', [postsFile, store.pathOf(ref)]);
  // Ingestion as the CLI and the ingest Lambda compose it.
  const ingestion = await openIngestion({
    objectStore: store,
    lake: { kind: 'local', databaseFile: join(home, 'lake.duckdb') },
    memoryLimit,
    threads: 2,
    scratchDirectory: join(home, 'tmp'),
  });
  const started = process.hrtime.bigint();
  const result = await ingestion.ingestCsvFile.execute(ref);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  ingestion.close();
  return {
    phase: 'instalake IngestCsvFile',
    seconds,
    rows: result.rowsRead,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    detail: result,
  };
}

async function main(): Promise<void> {
  const phase = benchArg('phase', '');
  if (phase) {
    const result = phase === 'raw' ? await rawPhase() : await ingestPhase();
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  if (!existsSync(postsFile)) {
    console.log(`generating ${rows.toLocaleString('en-US')} posts into ${dataDir} ...`);
    await writeSampleData(dataDir, { posts: rows, seed: 1, today: new Date('2026-11-27T00:00:00Z') });
  }
  console.log(
    `file: ${postsFile} (${(statSync(postsFile).size / 1e6).toFixed(0)} MB), DuckDB memory_limit ${memoryLimit}, threads 2`,
  );
  const results: PhaseResult[] = [];
  for (const p of ['raw', 'ingest', 'raw', 'ingest']) {
    const child = spawnSync(
      process.execPath,
      [process.argv[1], '--phase', p, '--rows', String(rows), '--memory-limit', memoryLimit],
      { encoding: 'utf8' },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`phase ${p} failed: ${child.stderr}`);
    results.push(JSON.parse(line.slice(7)));
  }
  const best = (name: string) => results.filter((r) => r.phase === name).sort((a, b) => a.seconds - b.seconds)[0];
  const raw = best('duckdb CTAS read_csv');
  const ingest = best('instalake IngestCsvFile');
  const table = [raw, ingest].map((r) => ({
    phase: r.phase,
    seconds: r.seconds.toFixed(2),
    'rows/s': Math.round(r.rows / r.seconds).toLocaleString('en-US'),
    'peak RSS MB': r.peakRssMb.toFixed(0),
  }));
  console.table(table);
  const ratio = raw.seconds / ingest.seconds;
  const d = ingest.detail as { rowsRead: number; landed: number; duplicates: number; rejected: number };
  console.log(
    `ingest throughput = ${(ratio * 100).toFixed(0)}% of raw read_csv (target >= 50%); peak RSS ${ingest.peakRssMb.toFixed(0)} MB (target < 1024)`,
  );
  console.log(`counts: read ${d.rowsRead} = landed ${d.landed} + duplicates ${d.duplicates} + rejected ${d.rejected}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
