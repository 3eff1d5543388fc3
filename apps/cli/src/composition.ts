import { join } from 'node:path';
import {
  createKnowledge,
  createObjectStore,
  openAgent,
  openIngestion,
  type Ingestion,
  type Knowledge,
  type OpenedAgent,
  type QueryToolsOptions,
  type SandboxChoice,
} from '@instalake/composition';
import type { WhenLakeLocked } from '@instalake/duckdb';
import type { ObjectStore } from '@instalake/ingestion';
import type { CliConfig } from './config';

/**
 * Composition root of the CLI: everything on the local default (a folder per bucket, the lake in one DuckDB file,
 * the local knowledge index, the offline agent), built with the same factories the Lambdas and benchmarks use.
 */

export function localObjectStore(config: CliConfig): ObjectStore {
  return createObjectStore({ kind: 'local', bucketsRoot: config.bucketsRoot });
}

/** The lake writer: ingest, watch, replay, demo; also the engine `kb sync` reads posts with. */
export function openLocalIngestion(config: CliConfig, objectStore: ObjectStore): Promise<Ingestion> {
  return openIngestion({
    objectStore,
    lake: { kind: 'local', databaseFile: config.lakeFile },
    memoryLimit: config.memoryLimit,
    threads: config.threads,
    scratchDirectory: config.scratchDirectory,
    uploadPolicy: { uploadPrefix: config.uploadPrefix, deadLetterPrefix: config.deadLetterPrefix },
    mapping: config.mappingFile
      ? { kind: 'file', path: config.mappingFile }
      : config.mappingKey
        ? { kind: 'object', ref: { bucket: config.rawBucket, key: config.mappingKey } }
        : { kind: 'none' },
  });
}

/** Documents in `<buckets>/instalake-knowledge/posts/`, the BM25+ index cached under the home. */
export function localKnowledge(config: CliConfig, objectStore: ObjectStore): Knowledge {
  return createKnowledge({
    objectStore,
    index: { kind: 'local', cacheFile: join(config.home, 'cache', 'kb-index.json') },
    concurrency: 8,
  });
}

/**
 * The read-only query tools' view of the local lake (`sql`, `trends`, the agent). `whenLocked`: what a one-shot
 * command does while a writer holds the lake (see CliContext.whenLocked).
 */
export function localLake(
  config: CliConfig,
  sandbox: SandboxChoice = { kind: 'live' },
  whenLocked?: WhenLakeLocked,
): QueryToolsOptions {
  return {
    lake: { kind: 'local', databaseFile: config.lakeFile },
    memoryLimit: config.memoryLimit,
    threads: config.threads ?? 2,
    sandbox,
    whenLocked,
  };
}

export interface CliAgentOptions {
  /** Answer from a masked snapshot that follows new loads (serve), instead of live views (ask). */
  readonly snapshot?: { readonly checkIntervalMs?: number; readonly onRefreshError?: (error: unknown) => void };
  readonly onToolError?: (error: unknown, intent: string) => void;
  /** Told when a query worker was replaced (a query hit its deadline or memory cap). */
  readonly onWorkerReplaced?: (reason: string) => void;
  /** Live views only (ask): what to do while a writer holds the lake. */
  readonly whenLocked?: WhenLakeLocked;
}

/**
 * The agent on the local lake with the local knowledge index (`ask`, `serve`, `demo`): the offline agent, or with
 * AGENT=openai-compatible a language model calling the same tools, the offline agent as its fallback.
 */
export function openCliAgent(
  config: CliConfig,
  objectStore: ObjectStore,
  options: CliAgentOptions = {},
): Promise<OpenedAgent> {
  const sandbox: SandboxChoice = options.snapshot
    ? { kind: 'snapshot', directory: config.scratchDirectory, ...options.snapshot }
    : { kind: 'live' };
  const agent = {
    tools: { ...localLake(config, sandbox, options.whenLocked), onWorkerReplaced: options.onWorkerReplaced },
    knowledge: localKnowledge(config, objectStore),
    onToolError: options.onToolError,
  };
  const model = config.languageModel;
  return openAgent(model ? { kind: 'openai-compatible', model, ...agent } : { kind: 'offline', ...agent });
}
