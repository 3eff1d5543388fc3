import { seedLocalLake } from '@instalake/duckdb';
import type { QueryResponse } from '@instalake/agent';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveLocal } from '../commands/serve.command';
import { loadCliConfig } from '../config';
import { CliContext } from '../context';
import { postsCsv, RESTAURANTS_CSV } from './sample-lake.fixture';

/** `serve` answers from a snapshot: ingestion may write the lake meanwhile, and the next answers follow the load. */
describe('instalake serve follows the lake (real HTTP, real DuckDB)', () => {
  let dir: string;
  let ctx: CliContext;
  let server: Awaited<ReturnType<typeof serveLocal>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-serve-follow-'));
    ctx = new CliContext(loadCliConfig({ INSTALAKE_HOME: dir }), () => undefined);
    await seedLocalLake(ctx.config.lakeFile, {
      'instagram_restaurant_results.csv': RESTAURANTS_CSV,
      'post_results.csv': postsCsv(),
    });
    server = await serveLocal(ctx, { host: '127.0.0.1', port: 0, log: () => undefined, lakeCheckIntervalMs: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function topNyc(): Promise<QueryResponse> {
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: 'follow-1', query: 'Top 10 posts by likes in NYC' }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as QueryResponse;
  }

  it('loads a new file while serving and answers with it once the snapshot is refreshed', async () => {
    const before = await topNyc();
    await topNyc(); // now cached: the refresh must not depend on a query reaching DuckDB
    expect(before.response).not.toContain('https://instagram.com/p/fresh1');
    // The snapshot file lives in INSTALAKE_HOME/tmp, never next to the lake.
    expect(
      (await readdir(ctx.config.scratchDirectory)).filter((f) => f.startsWith('instalake-snapshot-')),
    ).toHaveLength(1);

    // The real bulk loader writes the lake file while the server keeps it open (no lock is held on it).
    await seedLocalLake(ctx.config.lakeFile, {
      'post_results_fresh.csv': [
        'post_id,search_term,creator,posted_date,likes,comments,hashtags,caption,image_description,post_url',
        'fresh1,pizza nyc,@joes_pizza,2024-05-30,999999,5,#pizza,Record slice,slice,https://instagram.com/p/fresh1',
      ].join('\n'),
    });

    let after = await topNyc();
    for (let i = 0; i < 100 && !after.response.includes('fresh1'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await topNyc();
    }
    expect(after.data!.table!.rows[0]).toContain('https://instagram.com/p/fresh1');
    expect(after.response).toMatch(/#1 is @joes_pizza \(Joe's Pizza\) with 999,999 likes/);
    // The old snapshot was closed and deleted once the new one took over.
    expect(
      (await readdir(ctx.config.scratchDirectory)).filter((f) => f.startsWith('instalake-snapshot-')),
    ).toHaveLength(1);
  });
});
