import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEarlierReleaseLake } from '@instalake/duckdb/testing';
import { openQueryTools } from './query-tools';

describe('query tools on a lake file an earlier release wrote', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-tools-upgrade-'));
    await writeEarlierReleaseLake(join(dir, 'lake.duckdb'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it.each([{ kind: 'live' } as const, { kind: 'snapshot', directory: 'snapshots' } as const])(
    'answer over today’s schema ($kind sandbox) once the lake is upgraded',
    async (sandbox) => {
      const tools = await openQueryTools({
        lake: { kind: 'local', databaseFile: join(dir, 'lake.duckdb') },
        sandbox: sandbox.kind === 'live' ? sandbox : { ...sandbox, directory: join(dir, sandbox.directory) },
        threads: 1,
      });
      try {
        const answer = await tools.guardSql.execute(
          'SELECT p.post_id, p.canonical_city AS post_city, r.canonical_city AS profile_city FROM posts p, restaurants r ORDER BY 1',
        );
        expect(answer).toMatchObject({
          columns: ['post_id', 'post_city', 'profile_city'],
          data: [
            ['p1', 'New York', 'New York'],
            ['p2', null, 'New York'],
          ],
        });
      } finally {
        tools.close();
      }
    },
  );
});
