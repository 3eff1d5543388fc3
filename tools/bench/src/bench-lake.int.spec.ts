import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbLakeEngine, LocalCatalog } from '@instalake/duckdb';
import { PostsTable, RestaurantsTable } from '@instalake/lake-schema';
import { generateLakeOnce, insertGenerated } from './bench-lake';

const OPTIONS = { threads: 1, memoryLimit: '256MB' };

describe('bench lake generation', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-lake-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills every table column, deriving the canonical cities with lake-schema SQL', async () => {
    const file = join(dir, 'lake.duckdb');
    await generateLakeOnce(file, OPTIONS, async (c) => {
      await insertGenerated(
        c,
        RestaurantsTable,
        `SELECT 'Joe''s', 'NYC', '555-0100', '@joes', '1.2K', 1200, 10, 'bio', 'https://joes.example', 'ok', TIMESTAMP '2024-07-01'`,
      );
      await insertGenerated(
        c,
        PostsTable,
        `SELECT 'p1', 'tacos sf', '@joes', DATE '2024-06-01', 5, 1, '#tacos', 'caption', 'a plate', 'https://instagram.com/p/p1', 'ok', TIMESTAMP '2024-07-01'`,
      );
    });
    const engine = await DuckDbLakeEngine.open({ catalog: new LocalCatalog(file), ...OPTIONS });
    try {
      const rows = await engine.withConnection(async (c) =>
        (
          await c.runAndReadAll(`SELECT r.canonical_city, p.canonical_city, p.likes
            FROM lake.instagram_db.restaurants r, lake.instagram_db.posts p`)
        ).getRows(),
      );
      expect(rows).toEqual([['New York', 'San Francisco', 5]]);
    } finally {
      engine.close();
    }
  });

  it('leaves no lake file behind when generating fails, so no later run measures an empty lake', async () => {
    const file = join(dir, 'lake.duckdb');
    await expect(
      generateLakeOnce(file, OPTIONS, (c) => insertGenerated(c, PostsTable, `SELECT 'too few columns'`)),
    ).rejects.toThrow();
    expect(existsSync(file)).toBe(false);
  });
});
