import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAKE_TABLES } from '@instalake/lake-schema';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from '../loader/duckdb-lake-loader';
import { loadLocalCsv } from '../loader/load-local-csv';
import { writeEarlierReleaseLake } from '../testing/earlier-release-lake';
import { LocalCatalog } from './local-catalog';

describe('a lake file written by an earlier release', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'instalake-upgrade-'));
    file = join(dir, 'lake.duckdb');
    await writeEarlierReleaseLake(file);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const rows = (engine: DuckDbLakeEngine, sql: string) =>
    engine.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

  it('gains the columns added since, filled as ingestion would have filled them, and takes new files', async () => {
    const engine = await DuckDbLakeEngine.open({ catalog: new LocalCatalog(file), threads: 1 });
    try {
      expect(await rows(engine, 'SELECT post_id, canonical_city FROM lake.instagram_db.posts ORDER BY 1')).toEqual([
        { post_id: 'p1', canonical_city: 'New York' },
        { post_id: 'p2', canonical_city: null },
      ]);
      expect(await rows(engine, 'SELECT canonical_city FROM lake.instagram_db.restaurants')).toEqual([
        { canonical_city: 'New York' },
      ]);
      await writeFile(join(dir, 'post_results.csv'), 'post_id,creator,posted_date,likes\np1,@joes,2024-05-01,12\n');
      const result = await loadLocalCsv(new DuckDbLakeLoader(engine, join(dir, 'scratch')), {
        path: join(dir, 'post_results.csv'),
        loadedAt: new Date('2024-06-01T00:00:00Z'),
      });
      expect(result).toMatchObject({ rowsRead: 1, landed: 0, duplicates: 1 });
      expect(await rows(engine, 'SELECT post_id, likes FROM lake.instagram_db.post_metrics')).toEqual([
        { post_id: 'p1', likes: 12 },
      ]);
    } finally {
      engine.close();
    }
  });

  it('is upgraded once: opening it again changes nothing', async () => {
    const first = await DuckDbLakeEngine.open({ catalog: new LocalCatalog(file), threads: 1 });
    first.close();
    const catalog = new LocalCatalog(file);
    const engine = await DuckDbLakeEngine.open({ catalog, threads: 1 });
    try {
      expect(await engine.withConnection((c) => catalog.upgradeTables(c, []))).toEqual([]);
      expect(await engine.withConnection((c) => catalog.upgradeTables(c, LAKE_TABLES))).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
