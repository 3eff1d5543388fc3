import { existsSync } from 'node:fs';
import { DuckDbLakeEngine } from '../lake-engine';
import { isLockConflict } from '../lake-lock';
import type { LocalCatalog } from './local-catalog';

/**
 * Readers see the lake through views and snapshots of today's schema, so a lake file an earlier release wrote is
 * upgraded first (opening it as a writer adds what it lacks). When a writer holds it, that writer has upgraded it.
 */
export async function upgradeLocalLake(catalog: LocalCatalog): Promise<void> {
  if (!existsSync(catalog.databaseFile)) return;
  let engine: DuckDbLakeEngine;
  try {
    engine = await DuckDbLakeEngine.open({ catalog, threads: 1, memoryLimit: '256MB' });
  } catch (error) {
    if (isLockConflict(error)) return;
    throw error;
  }
  engine.close();
}
