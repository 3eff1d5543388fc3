import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbInstance } from '../duckdb-instance';
import { LAKE_NAMESPACE, LAKE_TABLES, TableSpec } from '@instalake/lake-schema';
import { LAKE_ALIAS, LakeCatalog } from '../catalogs/lake-catalog';
import { LocalCatalog } from '../catalogs/local-catalog';
import { lakeFileLocations } from '../catalogs/lake-file-locations';
import { LakeUnavailableError } from '../lake-engine';
import { quoteIdent, quoteLiteral } from '../sql/sql-text';
import { maskedSelectSql, maskedViewSql } from './masked-views';

export interface QuerySandboxOptions {
  readonly catalog: LakeCatalog;
  /** memory_limit of the sandbox instance (default 512MB). */
  readonly memoryLimit?: string;
  /** Thread cap of the sandbox instance (default 2). */
  readonly threads?: number;
  /** Directory with pre-bundled extensions (Iceberg catalogs); nothing is downloaded. */
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
  /**
   * Serve queries from a snapshot instead of live views: the masked tables are copied once into a DuckDB file in
   * this directory, clustered by the tables' partition columns (posts by posted_date), and the lake is detached.
   * Masking is paid once instead of on every scan, date windows skip the blocks outside them, and the lake file is
   * free for ingestion while the sandbox serves. The directory is created if missing; the file is deleted on close.
   * For long-lived local servers.
   */
  readonly snapshotDirectory?: string;
}

/** What the guard's parser and executor and the trends source need of a sandbox. */
export interface QuerySandbox {
  /** Label of the lake the sandbox reads (`local`, `iceberg-glue`, ...). */
  readonly source: string;
  withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
}

/** Idle connections kept for reuse: enough for the concurrent tool calls of a busy local server. */
const IDLE_CONNECTIONS = 8;

/** The raw lake inside the sandbox: a name the guard never accepts, so only the masked views are reachable. */
export const SANDBOX_SOURCE_ALIAS = 'il_source';

/**
 * A separate, read-only DuckDB instance for SQL written by a language model.
 *
 * Design: the lake is attached READ_ONLY under a hidden alias (`il_source`); a dedicated in-memory database
 * is attached as `lake` and holds views `lake.instagram_db.posts` / `restaurants` that mask phone numbers
 * (column and free text). Every connection starts with `USE lake.instagram_db`, so `posts`,
 * `instagram_db.posts` and `lake.instagram_db.posts` all resolve to the masked views without rewriting the
 * model's SQL. Once set up, the instance turns off external access (files, network, ATTACH, extension
 * loading) and locks its configuration, so no later statement can change memory_limit, threads or access.
 * The query guard additionally refuses every table that is not posts/restaurants (or a CTE).
 *
 * With `snapshotDirectory` the views are replaced by masked, clustered copies in a snapshot file and the
 * source is detached before any query runs (see the option).
 *
 * The sandbox sees the lake as of its open: callers reopen it to see later loads (a Lambda container or a
 * CLI process opens one per lifetime; `serve` refreshes its snapshot when the lake changes).
 */
export class DuckDbQuerySandbox implements QuerySandbox {
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly source: string,
    private readonly snapshotFile?: string,
  ) {}

  static async open(options: QuerySandboxOptions): Promise<DuckDbQuerySandbox> {
    const instance = await createDuckDbInstance({
      ...options,
      memoryLimit: options.memoryLimit ?? '512MB',
      threads: options.threads ?? 2,
    });
    if (options.snapshotDirectory) {
      mkdirSync(options.snapshotDirectory, { recursive: true });
      removeAbandonedSnapshots(options.snapshotDirectory);
    }
    const snapshotFile = options.snapshotDirectory
      ? join(options.snapshotDirectory, `${SNAPSHOT_PREFIX}${process.pid}-${randomUUID()}.duckdb`)
      : undefined;
    const connection = await instance.connect();
    try {
      for (const statement of sourceAttachStatements(options.catalog)) await connection.run(statement);
      if (snapshotFile) await copySnapshot(connection, snapshotFile);
      else {
        await createMaskedViews(connection);
        // An Iceberg lake is read live from object storage: keep exactly the tables' prefixes readable.
        const locations = await lakeFileLocations(connection, options.catalog, SANDBOX_SOURCE_ALIAS, LAKE_TABLES);
        if (locations.length)
          await connection.run(`SET allowed_directories = [${locations.map(quoteLiteral).join(', ')}]`);
      }
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      if (snapshotFile) removeSnapshot(snapshotFile);
      throw new LakeUnavailableError(options.catalog, error);
    }
    connection.closeSync();
    return new DuckDbQuerySandbox(instance, options.catalog.sourceLabel, snapshotFile);
  }

  /** A fresh connection whose default schema is the masked lake. */
  async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    await connection.run(`USE ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`);
    return connection;
  }

  /**
   * Runs `work` on a pooled connection. Connections are reused only after work that succeeded: they carry no
   * state a statement could leave behind (the guard admits only SELECT and the configuration is locked), and
   * reuse saves a connect, a USE and a synchronous disconnect per tool call.
   */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = this.idle.pop() ?? (await this.connect());
    let reusable = false;
    try {
      const result = await work(connection);
      reusable = true;
      return result;
    } finally {
      if (reusable && !this.closed && this.idle.length < IDLE_CONNECTIONS) this.idle.push(connection);
      else connection.closeSync();
    }
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
    this.instance.closeSync();
    if (this.snapshotFile) removeSnapshot(this.snapshotFile);
  }
}

/** Live mode: views in an in-memory `lake` that mask every read of the source. */
async function createMaskedViews(connection: DuckDBConnection): Promise<void> {
  await connection.run(`ATTACH ':memory:' AS ${LAKE_ALIAS}`);
  await connection.run(`CREATE SCHEMA ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`);
  for (const table of LAKE_TABLES) await connection.run(maskedViewSql(table, LAKE_ALIAS, SANDBOX_SOURCE_ALIAS));
}

/**
 * Snapshot mode: masked copies in a fresh DuckDB file (compressed on checkpoint, like the lake), which then
 * replaces the source and is attached READ_ONLY as `lake`. Only masked values are ever written to it.
 */
async function copySnapshot(connection: DuckDBConnection, file: string): Promise<void> {
  const build = 'il_snapshot_build';
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
  await connection.run(`DETACH ${SANDBOX_SOURCE_ALIAS}`);
  await connection.run(`ATTACH ${quoteLiteral(file)} AS ${LAKE_ALIAS} (READ_ONLY)`);
}

/** The columns behind a table's partition transforms (`month(posted_date)` -> posted_date): the snapshot's sort order. */
export function clusterColumns(table: TableSpec): string[] {
  return table.partitioning
    .map((p) => /^\w+\((\w+)\)$/.exec(p)?.[1] ?? p)
    .filter((c) => table.columns.some((col) => col.name === c));
}

const SNAPSHOT_PREFIX = 'instalake-snapshot-';

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
