/**
 * Knowledge-base sync benchmark (not a test). A lake of N sample posts (default 100,000), then:
 *  1. full sync: every post rendered and written as `.txt` + `.metadata.json` to a LocalObjectStore (documents/s);
 *  2. no-change sync: the bulk SQL diff alone (what every later sync pays whatever the change);
 *  3. incremental sync after K new posts (default 1,000): should cost the diff plus K documents, not N;
 *  4. local BM25+ index build over all documents, and one search on it.
 * The knowledge base during 1-3 is a no-op fake, so the figures are the sync's own.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/knowledge.bench.ts [--posts 100000] [--new 1000] [--concurrency 16]
 */
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { createKnowledge } from '@instalake/composition';
import { DuckDbLakeEngine, DuckDbLakeLoader, LocalCatalog, loadLocalCsv } from '@instalake/duckdb';
import { InMemoryKnowledgeBase } from '@instalake/knowledge';
import { LocalObjectStore } from '@instalake/object-store';
import { writeSampleData } from '@instalake/sample-data';
import { benchArg } from './bench-args';

const posts = Number(benchArg('posts', '100000'));
const added = Number(benchArg('new', '1000'));
const concurrency = Number(benchArg('concurrency', '16'));
const work = resolve('.reports', 'bench', 'knowledge');

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function main(): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  const data = join(work, 'data');
  const files = await writeSampleData(data, { posts, seed: 7, today: new Date('2026-11-27T00:00:00Z') });
  const engine = await DuckDbLakeEngine.open({
    catalog: new LocalCatalog(join(work, 'lake.duckdb')),
    memoryLimit: '1GB',
    threads: 2,
    tempDirectory: join(work, 'tmp'),
  });
  const loader = new DuckDbLakeLoader(engine, join(work, 'tmp'));
  for (const path of [files.restaurantsFile, files.postsFile]) {
    await loadLocalCsv(loader, { path, loadedAt: new Date() });
  }
  const lakePosts = await engine.withConnection(async (c) =>
    Number((await c.runAndReadAll('SELECT count(DISTINCT post_id) FROM lake.instagram_db.posts')).getRows()[0][0]),
  );
  console.log(
    `lake: ${lakePosts.toLocaleString('en-US')} distinct posts (2 threads, 1GB DuckDB memory limit), document writes ${concurrency} at a time`,
  );

  const store = new LocalObjectStore(join(work, 'buckets'));
  const fake = new InMemoryKnowledgeBase();
  const sync = createKnowledge({
    objectStore: store,
    index: { kind: 'adapter', knowledgeBase: fake },
    concurrency,
  }).sync(engine);

  let t = process.hrtime.bigint();
  const full = await sync.execute();
  const fullSeconds = seconds(t);
  console.log(
    `full sync:        ${full.added} documents in ${fullSeconds.toFixed(2)} s = ${Math.round(full.added / fullSeconds).toLocaleString('en-US')} documents/s`,
  );

  t = process.hrtime.bigint();
  const idle = await sync.execute();
  const idleSeconds = seconds(t);
  console.log(
    `no-change sync:   ${idle.added + idle.updated} written, ${idle.removed} removed in ${idleSeconds.toFixed(2)} s (bulk diff of ${idle.documents.toLocaleString('en-US')} hashes)`,
  );

  await engine.withConnection((c) =>
    c.run(`INSERT INTO lake.instagram_db.posts SELECT * REPLACE ('bench_' || post_id AS post_id, now()::TIMESTAMP AS ingested_at)
           FROM (SELECT * FROM lake.instagram_db.posts ORDER BY post_id LIMIT ${added})`),
  );
  t = process.hrtime.bigint();
  const incremental = await sync.execute();
  const incrementalSeconds = seconds(t);
  console.log(
    `incremental sync: ${incremental.added} new documents in ${incrementalSeconds.toFixed(2)} s ` +
      `(${((incrementalSeconds / fullSeconds) * 100).toFixed(1)}% of the full sync for ${((added / lakePosts) * 100).toFixed(1)}% of the posts; ` +
      `${(incrementalSeconds - idleSeconds).toFixed(2)} s above the no-change diff)`,
  );

  // The local index as the CLI composes it; a second instance starts from the cached index, as the next process would.
  const localIndex = () =>
    createKnowledge({ objectStore: store, index: { kind: 'local', cacheFile: join(work, 'kb-index.json') } });
  t = process.hrtime.bigint();
  const job = await localIndex().knowledgeBase.startIngestion();
  console.log(`local index build: ${job.documents} documents in ${seconds(t).toFixed(2)} s`);
  const fresh = localIndex().searchPosts;
  t = process.hrtime.bigint();
  const answer = await fresh.execute({ text: 'rustic pasta plating', limit: 5 });
  console.log(
    `first search from the cached index: ${seconds(t).toFixed(2)} s; top: ${answer.results.map((r) => r.post_id).join(', ')}`,
  );
  t = process.hrtime.bigint();
  await fresh.execute({ text: 'viral dessert content', city: 'Miami', limit: 5 });
  console.log(`next search (index in memory): ${(seconds(t) * 1000).toFixed(1)} ms`);
  console.log(
    `RESULT ${JSON.stringify({ posts: lakePosts, fullSeconds, docsPerSecond: full.added / fullSeconds, idleSeconds, added: incremental.added, incrementalSeconds })}`,
  );
  engine.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
