/**
 * Query tool benchmark (not a test): on a generated lake of N posts, the agent's SQL tool latency
 * (guard + execute + format: GuardSql over the masked, locked sandbox) for five typical agent queries, next to
 * the same SQL run directly in DuckDB on the raw tables in the same run, and get_trends latency.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/query-tool.bench.ts [--rows 1000000] [--iterations 15] [--threads 2]
 *
 * Target: tool overhead at most 20% + 5 ms over raw DuckDB; get_trends under 1 s.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openQueryTools } from '@instalake/composition';
import { PostsTable, RestaurantsTable } from '@instalake/lake-schema';
import { generateLakeOnce, insertGenerated } from './bench-lake';
import { summarize } from './stats';
import { benchArg } from './bench-args';

const rows = Number(benchArg('rows', '1000000'));
const iterations = Number(benchArg('iterations', '15'));
const threads = Number(benchArg('threads', '2'));
const memoryLimit = benchArg('memory-limit', '1GB');
const AS_OF = '2024-06-30';
const work = resolve('.reports', 'bench', 'query-tool');
const lakeFile = join(work, `lake-${rows}.duckdb`);

const CITIES = ['New York', 'San Francisco', 'Los Angeles', 'Chicago', 'Austin', 'Miami', 'Seattle', 'Boston'];

/** Generates the lake in DuckDB SQL: 2,000 restaurants and `rows` posts over the 90 days before AS_OF. */
async function generateLake(): Promise<void> {
  const cities = `['${CITIES.join("','")}']`;
  await generateLakeOnce(lakeFile, { threads, memoryLimit }, async (c) => {
    await insertGenerated(
      c,
      RestaurantsTable,
      `
      SELECT 'Restaurant ' || i, ${cities}[1 + i % 8], '555-' || lpad(CAST(i AS VARCHAR), 3, '0') || '-' || lpad(CAST(i * 7 % 10000 AS VARCHAR), 4, '0'),
        '@resto_' || i, CAST(1000 + i * 37 AS VARCHAR), 1000 + i * 37, 50 + i % 400, 'Call 212-555-' || lpad(CAST(i % 10000 AS VARCHAR), 4, '0'),
        'https://resto' || i || '.example', 'ok', TIMESTAMP '2024-07-01'
      FROM range(2000) t(i)`,
    );
    await insertGenerated(
      c,
      PostsTable,
      `
      SELECT 'p' || i,
        ['pizza nyc', 'best brunch sf', 'tacos austin', 'deep dish chicago', 'sushi la', 'coffee seattle'][1 + i % 6],
        CASE WHEN i % 10 = 0 THEN 'fan_' || (i % 5000) ELSE '@resto_' || (hash(i) % 2000) END,
        DATE '${AS_OF}' - CAST(hash(i * 3) % 90 AS INTEGER),
        CASE WHEN i % 50 = 0 THEN NULL ELSE CAST(hash(i * 5) % 5000 AS INTEGER) END,
        CAST(hash(i * 7) % 300 AS INTEGER),
        ['#pizza #nyc', '#brunch', '#tacos #austin #foodie', '#deepdish', '#sushi #la', '#coffee #latteart #seattle', ''][1 + CAST(hash(i * 11) % 7 AS INTEGER)],
        repeat('Tasty food today! ', CAST(1 + hash(i * 13) % 12 AS INTEGER)) || CASE WHEN i % 3 = 0 THEN ' #yum' ELSE '' END,
        'a plate of food', 'https://instagram.com/p/p' || i, 'ok', TIMESTAMP '2024-07-01'
      FROM range(${rows}) t(i)`,
    );
  });
}

const QUERIES: { name: string; sql: string }[] = [
  {
    name: 'top posts in NYC by likes',
    sql: `SELECT p.post_id, p.creator, p.likes, p.post_url FROM posts p
          JOIN restaurants r ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@'))
          WHERE lower(r.city) = 'new york' AND p.likes IS NOT NULL ORDER BY p.likes DESC LIMIT 10`,
  },
  {
    name: 'avg engagement by creator',
    sql: `SELECT creator, count(*) AS posts, avg(likes + comments) AS avg_engagement FROM posts
          WHERE likes IS NOT NULL GROUP BY creator HAVING count(*) >= 20 ORDER BY avg_engagement DESC LIMIT 10`,
  },
  {
    name: 'top hashtags last 30 days',
    sql: `SELECT tag, count(*) AS posts FROM (SELECT unnest(string_split(hashtags, ' ')) AS tag FROM posts
          WHERE posted_date > DATE '${AS_OF}' - 30) WHERE tag <> '' GROUP BY tag ORDER BY posts DESC LIMIT 20`,
  },
  {
    name: 'engagement by weekday',
    sql: `SELECT dayname(posted_date) AS weekday, count(*) AS posts, round(avg(likes + comments), 1) AS avg_engagement
          FROM posts WHERE likes IS NOT NULL GROUP BY 1 ORDER BY avg_engagement DESC`,
  },
  {
    name: 'engagement rate per restaurant',
    sql: `SELECT r.restaurant_name, r.city, r.phone, round(avg(p.likes + p.comments) / r.followers_count * 100, 2) AS engagement_rate
          FROM restaurants r JOIN posts p ON lower(ltrim(p.creator, '@')) = lower(ltrim(r.instagram_handle, '@'))
          WHERE p.likes IS NOT NULL GROUP BY r.restaurant_name, r.city, r.phone, r.followers_count ORDER BY engagement_rate DESC LIMIT 10`,
  },
];

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await generateLake();
  console.log(
    `lake: ${rows.toLocaleString('en-US')} posts, 2,000 restaurants (${lakeFile}); ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const raw = await DuckDBInstance.create(':memory:', { threads: String(threads), memory_limit: memoryLimit });
  const rawConnection = await raw.connect();
  await rawConnection.run(`ATTACH '${lakeFile}' AS lake (READ_ONLY)`);
  await rawConnection.run('USE lake.instagram_db');
  // The tools as every app composes them, with a longer time limit so slow runs are measured, not cancelled.
  const tools = await openQueryTools({
    lake: { kind: 'local', databaseFile: lakeFile },
    threads,
    memoryLimit,
    guard: { timeoutMs: 30_000 },
  });
  const { guardSql: guard, getTrends: trends } = tools;

  const table: Record<string, string | number>[] = [];
  let allWithinTarget = true;
  for (const q of QUERIES) {
    const rawSamples = await time(async () => (await rawConnection.runAndReadAll(q.sql)).getRowsJS());
    const toolSamples = await time(() => guard.execute(q.sql));
    const r = summarize(rawSamples);
    const t = summarize(toolSamples);
    const budget = r.p50 * 1.2 + 5;
    allWithinTarget &&= t.p50 <= budget;
    table.push({
      query: q.name,
      'raw p50 ms': round(r.p50),
      'tool p50 ms': round(t.p50),
      'overhead ms': round(t.p50 - r.p50),
      'overhead %': round(((t.p50 - r.p50) / r.p50) * 100),
      'budget ms (raw*1.2+5)': round(budget),
      'raw p99 ms': round(r.p99),
      'tool p99 ms': round(t.p99),
    });
  }
  console.log(
    `\nguarded SQL tool vs raw DuckDB (${iterations} runs after 2 warm-ups, ${threads} threads, memory_limit ${memoryLimit})`,
  );
  console.table(table);

  const guardOnly = summarize(await time(() => guard.guard(QUERIES[4].sql)));
  console.log(
    `guard alone (parse + AST walk + wrap + re-parse), query 5: p50 ${round(guardOnly.p50)} ms, p99 ${round(guardOnly.p99)} ms`,
  );

  const trendRows: Record<string, string | number>[] = [];
  for (const [city, days] of [
    ['NYC', 7],
    ['San Francisco', 30],
    ['Austin', 90],
  ] as const) {
    let dataPoints = 0;
    const s = summarize(
      await time(async () => (dataPoints = (await trends.execute({ city, days, asOf: AS_OF })).dataPoints)),
    );
    trendRows.push({
      city,
      days,
      'data points': dataPoints,
      'p50 ms': round(s.p50),
      'p99 ms': round(s.p99),
      'max ms': round(s.max),
    });
  }
  console.log('\nget_trends latency');
  console.table(trendRows);
  const trendsOk = trendRows.every((r) => Number(r['max ms']) < 1000);
  console.log(
    `\ntargets: tool overhead <= 20% + 5 ms: ${allWithinTarget ? 'met' : 'NOT met'}; get_trends < 1 s: ${trendsOk ? 'met' : 'NOT met'}`,
  );

  rawConnection.closeSync();
  raw.closeSync();
  tools.close();
  if (process.argv.includes('--clean')) rmSync(work, { recursive: true, force: true });
}

const round = (n: number) => Math.round(n * 10) / 10;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
