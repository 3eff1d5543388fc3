import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ParsedSql } from '@instalake/query-guard';
import { LAKE_NAMESPACE, LAKE_TABLES, TableSpec } from '@instalake/lake-schema';
import { createDuckDbInstance, duckDbInstanceConfig, UTC_TIME_ZONE_SQL } from '../duckdb-instance';
import { LAKE_ALIAS, LakeCatalog } from '../catalogs/lake-catalog';
import { LocalCatalog } from '../catalogs/local-catalog';
import { lakeFileLocationsSql } from '../catalogs/lake-file-locations';
import { LakeUnavailableError } from '../lake-engine';
import { isLockConflict, withLockWait } from '../lake-lock';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import { maskedSelectSql, maskedViewSql } from './masked-views';
import { parseSql } from './duckdb-sql-parser';
import { QueryWorkerPool } from './worker/query-worker-pool';
import type { WorkerQuery, WorkerRows, WorkerSetupStep } from './worker/query-worker-process';

export interface QuerySandboxOptions {
  readonly catalog: LakeCatalog;
  /** memory_limit of each query worker's DuckDB (default 512MB). */
  readonly memoryLimit?: string;
  /** Thread cap of each query worker's DuckDB (default 2). */
  readonly threads?: number;
  /** Directory with pre-bundled extensions (Iceberg catalogs); nothing is downloaded. */
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
  /**
   * Serve queries from a snapshot instead of live views: the masked tables are copied once into a DuckDB file in
   * this directory, clustered by the tables' partition columns (posts by posted_date), and the workers attach it
   * READ_ONLY instead of the lake. Masking is paid once instead of on every scan, date windows skip the blocks outside
   * them, and the lake file is free for ingestion while the sandbox serves. The directory is created if missing; the
   * file is deleted on close. For long-lived local servers.
   */
  readonly snapshotDirectory?: string;
  /** Query worker processes (each runs one query at a time; default 1). */
  readonly workers?: number;
  /**
   * Memory a worker may take beyond its idle footprint before the operating system refuses it more (RLIMIT_AS).
   * Default: the worker's memory_limit, so DuckDB's own limit holds and what it does not track (huge strings) fails
   * cleanly instead of growing the process.
   */
  readonly memoryCapMb?: number;
  /** Path of query-worker.cjs when it is not next to this module or the bundle. */
  readonly workerScript?: string;
  /** Command prefix for the workers' Node (an emulator or a resource wrapper; see QueryWorkerSpec.launcher). */
  readonly workerLauncher?: readonly string[];
  /** Told when a worker was replaced (killed at a deadline, or it died). */
  readonly onWorkerReplaced?: (reason: string) => void;
  /**
   * What a one-shot reader does when a writer holds the local lake file (an ingest is running): answer from the
   * newest snapshot a running `serve` keeps in `snapshotDirectory`, else wait up to `waitMs` for the lake.
   */
  readonly whenLocked?: WhenLakeLocked;
}

export interface WhenLakeLocked {
  readonly snapshotDirectory: string;
  readonly waitMs: number;
  readonly onWait?: (holder: string | undefined, waitMs: number) => void;
  /** Told which snapshot answers instead of the lake, and how old it is. */
  readonly onSnapshot?: (file: string, ageMs: number) => void;
}

/** A statement for the sandbox: SQL with `$n` parameters, a deadline and a size budget for the answer. */
export type SandboxQuery = WorkerQuery;
export type SandboxRows = WorkerRows;

/** What the guard's parser and executor and the trends source need of a sandbox. */
export interface QuerySandbox {
  /** Label of the lake the sandbox reads (`local`, `iceberg-glue`, ...). */
  readonly source: string;
  /** Parses without binding or running anything (DuckDB's own parser, in this process). */
  parse(sql: string): Promise<ParsedSql>;
  /** Runs a statement in a query worker (see DuckDbQuerySandbox). */
  query(query: SandboxQuery): Promise<SandboxRows>;
}

/** The raw lake inside a worker: a name the guard never accepts, so only the masked views are reachable. */
export const SANDBOX_SOURCE_ALIAS = 'il_source';

/** Idle parser connections kept for reuse. */
const IDLE_PARSERS = 4;

/**
 * Read-only DuckDB for SQL written by a language model, run where the operating system enforces the limits.
 *
 * Queries run in worker processes (QueryWorkerPool), each with its own DuckDB instance: memory_limit and a thread cap
 * inside, a hard address-space cap outside (RLIMIT_AS), and a deadline after which the query is interrupted and the
 * process killed if it has not stopped. A query that exhausts either limit costs a worker, which is replaced.
 *
 * In a worker the lake is attached READ_ONLY under a hidden alias (`il_source`); an in-memory database attached as
 * `lake` holds views `lake.instagram_db.posts` / `restaurants` that mask phone numbers (column and free text), and
 * every connection starts with `USE lake.instagram_db`, so `posts`, `instagram_db.posts` and
 * `lake.instagram_db.posts` all resolve to the masked views without rewriting the model's SQL. Once set up, the worker
 * turns off external access (files, network, ATTACH, extension loading) and locks its configuration. With
 * `snapshotDirectory` this process writes the masked, clustered snapshot first and the workers attach only that.
 *
 * Parsing (json_serialize_sql) binds nothing and reads no data: it runs here, on a small locked instance.
 *
 * The sandbox sees the lake as of its open: callers reopen it to see later loads (a Lambda container or a CLI process
 * opens one per lifetime; `serve` refreshes its snapshot when the lake changes).
 */
export class DuckDbQuerySandbox implements QuerySandbox {
  private readonly idleParsers: DuckDBConnection[] = [];
  private closed = false;

  private constructor(
    private readonly parser: DuckDBInstance,
    private readonly pool: QueryWorkerPool,
    readonly source: string,
    private readonly snapshotFile?: string,
  ) {}

  static async open(options: QuerySandboxOptions): Promise<DuckDbQuerySandbox> {
    try {
      return await DuckDbQuerySandbox.openOnce(options);
    } catch (error) {
      const locked = options.whenLocked;
      if (!locked || !isLockConflict(error)) throw error;
      for (const file of liveSnapshots(locked.snapshotDirectory)) {
        try {
          const sandbox = await DuckDbQuerySandbox.openOnce(options, file.path);
          locked.onSnapshot?.(file.path, Date.now() - file.mtimeMs);
          return sandbox;
        } catch {
          // Still being written, or gone: try an older one.
        }
      }
      return withLockWait(() => DuckDbQuerySandbox.openOnce(options), {
        timeoutMs: locked.waitMs,
        onWait: locked.onWait,
      });
    }
  }

  private static async openOnce(options: QuerySandboxOptions, existingSnapshot?: string): Promise<DuckDbQuerySandbox> {
    const memoryLimit = options.memoryLimit ?? '512MB';
    const settings = { ...options, memoryLimit, threads: options.threads ?? 2 };
    let snapshotFile: string | undefined;
    let parser: DuckDBInstance | undefined;
    try {
      if (options.snapshotDirectory && !existingSnapshot)
        snapshotFile = await buildSnapshot(options.snapshotDirectory, settings);
      // A snapshot (ours or a server's) replaces the lake: masked already, attached read-only.
      const attached = existingSnapshot ?? snapshotFile;
      const statements = [
        UTC_TIME_ZONE_SQL,
        ...(attached
          ? [`ATTACH ${quoteLiteral(attached)} AS ${LAKE_ALIAS} (READ_ONLY)`]
          : liveViewStatements(options.catalog)),
        ...LOCK_STATEMENTS,
      ];
      const pool = await QueryWorkerPool.open(
        {
          config: duckDbInstanceConfig(settings),
          statements,
          connectionStatements: [`USE ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`],
          memoryCapMb: options.memoryCapMb ?? megabytes(memoryLimit),
          script: options.workerScript,
          launcher: options.workerLauncher,
        },
        { size: options.workers, onReplace: options.onWorkerReplaced },
      );
      parser = await openParser();
      return new DuckDbQuerySandbox(parser, pool, options.catalog.sourceLabel, snapshotFile);
    } catch (error) {
      parser?.closeSync();
      if (snapshotFile) removeSnapshot(snapshotFile);
      throw error instanceof LakeUnavailableError ? error : new LakeUnavailableError(options.catalog, error);
    }
  }

  async parse(sql: string): Promise<ParsedSql> {
    const connection = this.idleParsers.pop() ?? (await this.parser.connect());
    try {
      return await parseSql(connection, sql);
    } finally {
      if (!this.closed && this.idleParsers.length < IDLE_PARSERS) this.idleParsers.push(connection);
      else connection.closeSync();
    }
  }

  query(query: SandboxQuery): Promise<SandboxRows> {
    return this.pool.run(query);
  }

  close(): void {
    this.closed = true;
    this.pool.close();
    for (const connection of this.idleParsers.splice(0)) connection.closeSync();
    this.parser.closeSync();
    if (this.snapshotFile) removeSnapshot(this.snapshotFile);
  }
}

/** After set-up nothing may reach files, the network or the settings. */
const LOCK_STATEMENTS = ['SET enable_external_access = false', 'SET lock_configuration = true'];

/** `512MB` -> 512, `1GB` -> 1024 (KB, MB, GB and their KiB... forms). */
export function megabytes(limit: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(K|M|G|T)i?B\s*$/i.exec(limit);
  if (!match) throw new RangeError(`memory limit "${limit}" must look like 512MB or 1GB`);
  const factor = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 }[match[2].toUpperCase() as 'K' | 'M' | 'G' | 'T'];
  return Math.max(1, Math.round(Number(match[1]) * factor));
}

/** The parser's own small instance: no lake, no files, locked. */
async function openParser(): Promise<DuckDBInstance> {
  const instance = await createDuckDbInstance({ memoryLimit: '64MB', threads: 1 });
  const connection = await instance.connect();
  try {
    for (const statement of LOCK_STATEMENTS) await connection.run(statement);
  } finally {
    connection.closeSync();
  }
  return instance;
}

/** Live mode, in a worker: the source attached READ_ONLY and views in an in-memory `lake` that mask every read. */
function liveViewStatements(catalog: LakeCatalog): WorkerSetupStep[] {
  // An Iceberg lake is read live from object storage: keep exactly the tables' prefixes readable.
  const locations = lakeFileLocationsSql(catalog, SANDBOX_SOURCE_ALIAS, LAKE_TABLES);
  return [
    ...sourceAttachStatements(catalog),
    `ATTACH ':memory:' AS ${LAKE_ALIAS}`,
    `CREATE SCHEMA ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`,
    ...LAKE_TABLES.map((table) => maskedViewSql(table, LAKE_ALIAS, SANDBOX_SOURCE_ALIAS)),
    ...(locations ? [{ allowedDirectoriesFrom: locations }] : []),
  ];
}

/**
 * Snapshot mode: masked copies in a fresh DuckDB file (compressed on checkpoint, like the lake), written by a
 * short-lived instance here that attaches the source READ_ONLY. Only masked values are ever written to it.
 */
async function buildSnapshot(
  directory: string,
  settings: QuerySandboxOptions & { readonly memoryLimit: string; readonly threads: number },
): Promise<string> {
  mkdirSync(directory, { recursive: true });
  removeAbandonedSnapshots(directory);
  const file = join(directory, `${SNAPSHOT_PREFIX}${process.pid}-${randomUUID()}.duckdb`);
  const instance = await createDuckDbInstance(settings);
  const connection = await instance.connect();
  const build = 'il_snapshot_build';
  try {
    for (const statement of sourceAttachStatements(settings.catalog)) await connection.run(statement);
    await connection.run(`ATTACH ${quoteLiteral(file)} AS ${build}`);
    await connection.run(`CREATE SCHEMA ${build}.${quoteIdent(LAKE_NAMESPACE)}`);
    for (const table of LAKE_TABLES) {
      const target = `${build}.${quoteIdent(LAKE_NAMESPACE)}.${quoteIdent(table.name)}`;
      const order = clusterColumns(table);
      await connection.run(
        `CREATE TABLE ${target} AS ${maskedSelectSql(table, SANDBOX_SOURCE_ALIAS)}${order.length ? ` ORDER BY ${order.map(quoteIdent).join(', ')}` : ''}`,
      );
    }
    await connection.run(`DETACH ${build}`);
  } catch (error) {
    removeSnapshot(file);
    throw new LakeUnavailableError(settings.catalog, error);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return file;
}

/** The columns behind a table's partition transforms (`month(posted_date)` -> posted_date): the snapshot's sort order. */
export function clusterColumns(table: TableSpec): string[] {
  return table.partitioning
    .map((p) => /^\w+\((\w+)\)$/.exec(p)?.[1] ?? p)
    .filter((c) => table.columns.some((col) => col.name === c));
}

const SNAPSHOT_PREFIX = 'instalake-snapshot-';

/** Snapshot files of running processes (a `serve`), newest first. */
function liveSnapshots(directory: string): { path: string; mtimeMs: number }[] {
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return [];
  }
  return files
    .filter((f) => {
      const pid = new RegExp(`^${SNAPSHOT_PREFIX}(\\d+)-.*\\.duckdb$`).exec(f)?.[1];
      return pid !== undefined && processIsAlive(Number(pid));
    })
    .flatMap((f) => {
      try {
        return [{ path: join(directory, f), mtimeMs: statSync(join(directory, f)).mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** Snapshot files of processes that are gone (killed before close): their owner can no longer delete them. */
export function removeAbandonedSnapshots(directory: string): string[] {
  const removed: string[] = [];
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return removed;
  }
  for (const file of files) {
    const pid = new RegExp(`^${SNAPSHOT_PREFIX}(\\d+)-`).exec(file)?.[1];
    if (pid && !processIsAlive(Number(pid))) {
      rmSync(join(directory, file), { force: true });
      removed.push(file);
    }
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeSnapshot(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
}

/**
 * The catalog's ATTACH statements, retargeted to the hidden alias. A local lake file is attached READ_ONLY;
 * for Iceberg catalogs the same statements run with `AS lake` renamed (their credentials come from secrets).
 */
function sourceAttachStatements(catalog: LakeCatalog): string[] {
  const source = catalog instanceof LocalCatalog ? new LocalCatalog(catalog.databaseFile, true) : catalog;
  return source
    .attachStatements()
    .map((s) => s.replace(new RegExp(`\\bAS\\s+${LAKE_ALIAS}\\b`, 'i'), `AS ${SANDBOX_SOURCE_ALIAS}`));
}
