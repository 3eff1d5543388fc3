import { ConfigError } from '@instalake/errors';
import {
  catalogFromConfig,
  DuckDbQueryExecutor,
  DuckDbQuerySandbox,
  DuckDbSqlParser,
  DuckDbTrendsSource,
  LocalCatalog,
  RefreshingQuerySandbox,
  type LakeCatalogConfig,
  type QuerySandbox,
  upgradeLocalLake,
  type WhenLakeLocked,
} from '@instalake/duckdb';
import {
  DEFAULT_MAX_RESULT_BYTES,
  DEFAULT_MAX_ROWS,
  DEFAULT_TIMEOUT_MS,
  GuardSql,
  type GuardSqlOptions,
} from '@instalake/query-guard';
import { GetTrends } from '@instalake/trends';

/** The row cap and time limit every guarded query gets unless the app's config says otherwise. */
export const QUERY_GUARD_DEFAULTS: Required<GuardSqlOptions> = {
  maxRows: DEFAULT_MAX_ROWS,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxResultBytes: DEFAULT_MAX_RESULT_BYTES,
};

/**
 * How queries reach the lake: `live` masked views over the lake (one-shot commands, Lambdas), or a masked
 * `snapshot` of a local lake file that follows new loads (long-lived local servers; ingestion may run meanwhile).
 */
export type SandboxChoice =
  | { readonly kind: 'live' }
  | {
      readonly kind: 'snapshot';
      /** Where snapshot files go (deleted on close). */
      readonly directory: string;
      /** How often a request may look for a newer lake (default 5 s). */
      readonly checkIntervalMs?: number;
      readonly onRefreshError?: (error: unknown) => void;
    };

export interface QueryToolsOptions {
  /** Which lake: a local DuckDB file, or an Iceberg catalog (Glue, REST), as data from the app's config. */
  readonly lake: LakeCatalogConfig;
  readonly memoryLimit?: string;
  readonly threads?: number;
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
  /** Default `live`. */
  readonly sandbox?: SandboxChoice;
  /**
   * Query worker processes, each running one query at a time under the memory cap (killed at the deadline). Default:
   * 1 for live views (one-shot commands, Lambdas), SERVER_QUERY_WORKERS for a snapshot (a long-lived server).
   */
  readonly workers?: number;
  /** Memory a query worker may take beyond its idle footprint (RLIMIT_AS); default: memoryLimit. */
  readonly memoryCapMb?: number;
  /** Command prefix the workers' Node runs under (an emulator, a resource wrapper). */
  readonly workerLauncher?: readonly string[];
  /** Told when a worker was replaced (a query hit its deadline or memory cap). */
  readonly onWorkerReplaced?: (reason: string) => void;
  /** Live views of a local lake: what a one-shot reader does while a writer holds the file. */
  readonly whenLocked?: WhenLakeLocked;
  /** Row cap and time limit; QUERY_GUARD_DEFAULTS for what is not given. */
  readonly guard?: GuardSqlOptions;
  /** "Today" for trends windows (tests pin it). */
  readonly today?: () => Date;
}

/** Concurrent requests share the CPU either way; two workers keep one slow query from queueing all the others. */
export const SERVER_QUERY_WORKERS = 2;

/** The read-only tools the agents call: guarded SQL and trends on one sandbox. */
export interface QueryTools {
  readonly guardSql: GuardSql;
  readonly getTrends: GetTrends;
  /** Label of the lake the tools read (`local`, `iceberg-glue`, ...). */
  readonly source: string;
  /** The data version answers are computed on: changes when a snapshot sandbox swaps to a newer lake. */
  generation(): number;
  close(): void;
}

export async function openQueryTools(options: QueryToolsOptions): Promise<QueryTools> {
  const sandbox = await openSandbox(options);
  return {
    guardSql: new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox), {
      ...QUERY_GUARD_DEFAULTS,
      ...options.guard,
    }),
    getTrends: new GetTrends(new DuckDbTrendsSource(sandbox), options.today),
    source: sandbox.source,
    generation: () => (sandbox instanceof RefreshingQuerySandbox ? sandbox.generation : 0),
    close: () => sandbox.close(),
  };
}

async function openSandbox(options: QueryToolsOptions): Promise<QuerySandbox & { close(): void }> {
  const { sandbox = { kind: 'live' }, guard: _guard, today: _today, lake, ...settings } = options;
  const catalog = catalogFromConfig(lake);
  if (catalog instanceof LocalCatalog && !catalog.readOnly) await upgradeLocalLake(catalog);
  if (sandbox.kind === 'live') return DuckDbQuerySandbox.open({ ...settings, catalog });
  if (!(catalog instanceof LocalCatalog)) {
    throw new ConfigError(`A snapshot sandbox follows a local lake file; the ${catalog.kind} catalog has none.`);
  }
  return RefreshingQuerySandbox.open({
    ...settings,
    workers: settings.workers ?? SERVER_QUERY_WORKERS,
    catalog,
    snapshotDirectory: sandbox.directory,
    checkIntervalMs: sandbox.checkIntervalMs,
    onRefreshError: sandbox.onRefreshError,
  });
}
