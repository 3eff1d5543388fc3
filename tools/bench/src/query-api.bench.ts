/**
 * Query API benchmark (not a test): `/api/query` throughput and latency for the offline agent over real HTTP,
 * 16 concurrent clients, on a generated lake of N posts. SQL-backed questions (ranking, competitor comparison,
 * trends, success factors) and knowledge-backed ones (keyword search through the guarded SQL tool, as when no
 * knowledge index is synced) are reported separately.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/query-api.bench.ts [--rows 1000000] [--requests 320] [--clients 16] [--threads 2]
 *
 * Target: p99 under 250 ms for SQL-backed questions. Scenarios, worst first: distinct questions with no
 * result cache (every request scans the lake: bound by CPU, 16 clients share 2 cores), distinct questions as
 * `serve` runs (snapshot sandbox + result cache), and the example questions repeated (dashboards, retries, teams).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openAgent } from '@instalake/composition';
import { PostsTable, RestaurantsTable } from '@instalake/lake-schema';
import { HandleQueryApi, startServer } from '@instalake/transport';
import { generateLakeOnce, insertGenerated } from './bench-lake';
import { summarize } from './stats';
import { benchArg } from './bench-args';

const rows = Number(benchArg('rows', '1000000'));
const requests = Number(benchArg('requests', '320'));
const clients = Number(benchArg('clients', '16'));
const threads = Number(benchArg('threads', '2'));
const memoryLimit = benchArg('memory-limit', '1GB');
const AS_OF = '2024-06-30';
const work = resolve('.reports', 'bench', 'query-api');
const lakeFile = join(work, `lake-${rows}.duckdb`);

const CITIES = ['New York', 'San Francisco', 'Los Angeles', 'Chicago', 'Austin', 'Miami', 'Seattle', 'Boston'];

/** 2,000 restaurants across 8 cities and `rows` posts over the 90 days before AS_OF, generated in DuckDB SQL. */
async function generateLake(): Promise<void> {
  const cities = `['${CITIES.join("','")}']`;
  await generateLakeOnce(lakeFile, { threads, memoryLimit }, async (c) => {
    await insertGenerated(
      c,
      RestaurantsTable,
      `
      SELECT 'Restaurant ' || i, ${cities}[1 + i % 8], '555-' || lpad(CAST(i AS VARCHAR), 7, '0'), '@resto_' || i,
        CAST(1000 + i * 37 AS VARCHAR), 1000 + i * 37, 50 + i % 400, 'Bio ' || i, 'https://resto' || i || '.example', 'ok', TIMESTAMP '2024-07-01'
      FROM range(2000) t(i)`,
    );
    await insertGenerated(
      c,
      PostsTable,
      `
      SELECT 'p' || i,
        ['pizza nyc', 'brunch sf', 'tacos austin', 'deep dish chicago', 'sushi la', 'dessert seattle'][1 + i % 6],
        '@resto_' || (hash(i) % 2000),
        DATE '${AS_OF}' - CAST(hash(i * 3) % 90 AS INTEGER),
        CASE WHEN i % 50 = 0 THEN NULL ELSE CAST(hash(i * 5) % 5000 AS INTEGER) END,
        CAST(hash(i * 7) % 300 AS INTEGER),
        ['#pizza #nyc', '#brunch', '#tacos #austin', '#deepdish', '#sushi', '#dessert #sweet', ''][1 + CAST(hash(i * 11) % 7 AS INTEGER)],
        ['Rustic pasta plating tonight', 'Weekend brunch eggs', 'Chocolate dessert tower', 'Fresh slice', 'Omakase counter'][1 + CAST(hash(i * 13) % 5 AS INTEGER)],
        'a plate of food', 'https://instagram.com/p/p' || i, 'ok', TIMESTAMP '2024-07-01'
      FROM range(${rows}) t(i)`,
    );
  });
}

/**
 * The offline agent as `instalake serve` composes it (the same factory, a snapshot sandbox), with or without its
 * result cache, and without a knowledge index: similar-post questions take the keyword search through guarded SQL.
 */
const openServedAgent = (cache: boolean) =>
  openAgent({
    kind: 'offline',
    tools: {
      lake: { kind: 'local', databaseFile: lakeFile },
      memoryLimit,
      threads,
      sandbox: { kind: 'snapshot', directory: tmpdir() },
    },
    cacheResults: cache,
  });

/** Distinct questions (city x N x metric), so no two statements repeat: the uncached cost. */
const CITY_NAMES = ['NYC', 'SF', 'LA', 'Chicago', 'Austin', 'Miami', 'Seattle', 'Boston'];
const distinctQuestions = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const city = CITY_NAMES[i % CITY_NAMES.length];
    const top = 5 + Math.floor(i / CITY_NAMES.length);
    return [
      `Top ${top} posts by likes in ${city}`,
      `Trending hashtags in the last ${top} days in ${city}`,
      `Compare @resto_${i} to competitors`,
      `Top ${top} posts by comments in ${city}`,
    ][i % 4];
  });

const SQL_QUESTIONS = [
  'Top 10 posts by likes in NYC',
  'Compare @resto_8 to competitors',
  'Trending hashtags this week in SF',
  'What makes brunch posts successful?',
];
const KNOWLEDGE_QUESTIONS = ["Find posts similar to 'rustic pasta plating'", 'Show me viral dessert content'];

async function run(
  url: string,
  questions: string[],
  total: number,
): Promise<{ latencies: number[]; seconds: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(`${url}/api/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sessionId: `bench-${client}-${i}`, query: questions[i % questions.length] }),
        });
        const body = (await res.json()) as { response?: string };
        latencies.push(performance.now() - t0);
        if (res.status !== 200 || /could not answer/.test(body.response ?? '')) errors++;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await generateLake();
  console.log(
    `lake: ${rows.toLocaleString('en-US')} posts (${((performance.now() - t0) / 1000).toFixed(1)} s to prepare)`,
  );
  const cold = await openServedAgent(false);
  const coldServer = await startServer({ api: new HandleQueryApi(cold.agent), port: 0 });
  try {
    await run(coldServer.url, SQL_QUESTIONS, clients); // warm-up (DuckDB buffers)
    const result = await run(coldServer.url, distinctQuestions(requests), requests);
    const s = summarize(result.latencies);
    console.log(
      `SQL-backed, no result cache, distinct questions: ${s.n} requests, ${clients} clients, ${(s.n / result.seconds).toFixed(1)} req/s, p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, errors ${result.errors}`,
    );
    for (const question of [...SQL_QUESTIONS, ...KNOWLEDGE_QUESTIONS]) {
      const t = performance.now();
      await run(coldServer.url, [question], 1);
      console.log(`  one client, uncached: ${question}: ${(performance.now() - t).toFixed(0)} ms`);
    }
  } finally {
    await coldServer.close();
    cold.close();
  }
  const local = await openServedAgent(true);
  const server = await startServer({ api: new HandleQueryApi(local.agent), port: 0 });
  try {
    await run(server.url, KNOWLEDGE_QUESTIONS, clients); // warm-up (DuckDB buffers), as for the uncached run
    const fresh = await run(server.url, distinctQuestions(requests), requests);
    const f = summarize(fresh.latencies);
    console.log(
      `SQL-backed, distinct questions as served (snapshot + result cache, nothing repeats but the freshness check): ${f.n} requests, ${clients} clients, ${(f.n / fresh.seconds).toFixed(1)} req/s, p50 ${f.p50.toFixed(0)} ms, p99 ${f.p99.toFixed(0)} ms, errors ${fresh.errors}`,
    );
    await run(server.url, [...SQL_QUESTIONS, ...KNOWLEDGE_QUESTIONS], clients); // fills the result cache, as repeated questions do
    for (const [label, questions] of [
      ['SQL-backed, repeated questions (result cache)', SQL_QUESTIONS],
      ['knowledge-backed, repeated questions (result cache)', KNOWLEDGE_QUESTIONS],
    ] as const) {
      const result = await run(server.url, [...questions], requests);
      const s = summarize(result.latencies);
      console.log(
        `${label}: ${s.n} requests, ${clients} clients, ${(s.n / result.seconds).toFixed(1)} req/s, p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms, errors ${result.errors}`,
      );
    }
  } finally {
    await server.close();
    local.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
