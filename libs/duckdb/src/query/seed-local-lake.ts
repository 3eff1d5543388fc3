import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LocalCatalog } from '../catalogs/local-catalog';
import { DuckDbLakeEngine } from '../lake-engine';
import { DuckDbLakeLoader } from '../loader/duckdb-lake-loader';
import { loadLocalCsv } from '../loader/load-local-csv';

/**
 * Loads CSV texts into a local lake file through the real bulk loader, then closes the engine so a read-only
 * sandbox can attach the file. For tests, smoke tests and benchmarks; `files` maps file names
 * (post_results*.csv, instagram_results*.csv) to CSV text.
 */
export async function seedLocalLake(databaseFile: string, files: Record<string, string>): Promise<void> {
  await mkdir(dirname(databaseFile), { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'instalake-seed-'));
  const engine = await DuckDbLakeEngine.open({
    catalog: new LocalCatalog(databaseFile),
    threads: 2,
    memoryLimit: '1GB',
  });
  try {
    const loader = new DuckDbLakeLoader(engine, scratch);
    for (const [name, content] of Object.entries(files)) {
      const path = join(scratch, name);
      await writeFile(path, content);
      const outcome = await loadLocalCsv(loader, { path, loadedAt: new Date('2026-01-01T00:00:00Z') });
      if (outcome.rejected > 0)
        throw new Error(
          `seedLocalLake: ${name} had ${outcome.rejected} rejected rows: ${JSON.stringify(outcome.rejectSamples)}`,
        );
    }
  } finally {
    engine.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
