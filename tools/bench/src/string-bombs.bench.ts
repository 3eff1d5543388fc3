/**
 * String-bomb benchmark (not a test): the red-team's string bombs sent to the query sandbox WITHOUT the guard's static
 * refusal, so only the worker's limits (memory_limit inside, RLIMIT_AS outside, the deadline) stop them. Run each bomb
 * under `/usr/bin/time -v` to see the peak memory of the whole process tree:
 *
 *   /usr/bin/time -v node tools/scripts/run-ts.mjs tools/bench/src/string-bombs.bench.ts --lake <lake.duckdb> --bomb 1
 *
 * Through `instalake sql` the same bombs never reach a worker: the guard refuses them (SIZE_LIMIT_EXCEEDED).
 */
import { DuckDbQueryExecutor, DuckDbQuerySandbox, LocalCatalog } from '@instalake/duckdb';
import { benchArg } from './bench-args';

const BOMBS = [
  "SELECT length(lpad('x', 2000000000, 'y')) AS n",
  "SELECT count(*) FROM (SELECT unnest(string_split(rpad('', 300000000, ','), ',')))",
  "SELECT length([x || 'a' FOR x IN string_split(lpad('', 300000000, ','), ',')]) AS n",
  "SELECT length(printf('%0900000000d', 1)) AS n",
  // No size argument at all: a cross join glued into one string (passes the guard's static check).
  "SELECT length(string_agg(a.caption || b.caption, '')) AS n FROM posts a, posts b",
];

async function main(): Promise<void> {
  const lake = benchArg('lake', '.instalake/lake.duckdb');
  const which = Number(benchArg('bomb', '1'));
  const sql = BOMBS[which - 1];
  const sandbox = await DuckDbQuerySandbox.open({ catalog: new LocalCatalog(lake), memoryLimit: '512MB', threads: 2 });
  const started = Date.now();
  let outcome: string;
  try {
    const result = await new DuckDbQueryExecutor(sandbox).execute(sql, { timeoutMs: 10_000 });
    outcome = `answered ${JSON.stringify(result.rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}`;
  } catch (error) {
    outcome = `${(error as { code?: string }).code}: ${String((error as Error).message)
      .replace(/\s+/g, ' ')
      .slice(0, 120)}`;
  }
  const ms = Date.now() - started;
  const after = Date.now();
  await new DuckDbQueryExecutor(sandbox).execute('SELECT count(*) FROM posts', { timeoutMs: 10_000 });
  console.log(
    `bomb ${which}: ${outcome} after ${ms} ms; parent RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB; next query answered in ${Date.now() - after} ms`,
  );
  sandbox.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
