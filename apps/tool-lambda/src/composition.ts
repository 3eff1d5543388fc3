import { openQueryTools, type QueryTools } from '@instalake/composition';
import { lakeCatalogConfigFrom, type LakeCatalogConfig } from '@instalake/duckdb';
import type { ToolLambdaConfig } from './config';

/**
 * The catalog the sandbox attaches, read-only: a local file is attached READ_ONLY; Iceberg catalogs are only read
 * through the sandbox (the tool role has no write grants either).
 */
export function lakeCatalogConfig(config: ToolLambdaConfig): LakeCatalogConfig {
  return lakeCatalogConfigFrom(config, { readOnly: true });
}

/** Composition root of the tool Lambda: the lake's query tools (masked, locked sandbox; guarded SQL; trends). */
export function openToolLambdaTools(config: ToolLambdaConfig): Promise<QueryTools> {
  return openQueryTools({
    lake: lakeCatalogConfig(config),
    memoryLimit: config.memoryLimit,
    threads: config.threads,
    extensionDirectory: config.extensionDirectory,
    homeDirectory: config.duckdbHomeDirectory ?? config.scratchDirectory,
    memoryCapMb: config.workerMemoryMb,
    workerLauncher: config.workerLauncher,
    guard: { maxRows: config.maxRows, timeoutMs: config.timeoutMs },
  });
}
