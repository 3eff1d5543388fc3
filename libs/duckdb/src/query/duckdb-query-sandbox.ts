import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbInstance } from '../duckdb-instance';
import { LAKE_NAMESPACE, LAKE_TABLES } from '@instalake/lake-schema';
import { LAKE_ALIAS, LakeCatalog } from '../catalogs/lake-catalog';
import { LocalCatalog } from '../catalogs/local-catalog';
import { LakeUnavailableError } from '../lake-engine';
import { quoteIdent } from '../sql/sql-text';
import { maskedViewSql } from './masked-views';

export interface QuerySandboxOptions {
  readonly catalog: LakeCatalog;
  /** memory_limit of the sandbox instance (default 512MB). */
  readonly memoryLimit?: string;
  /** Thread cap of the sandbox instance (default 2). */
  readonly threads?: number;
  /** Directory with pre-bundled extensions (Iceberg catalogs); nothing is downloaded. */
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
}

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
 * The sandbox sees the lake as of its open: callers reopen it to see later loads (a Lambda container or a
 * CLI process opens one per lifetime).
 */
export class DuckDbQuerySandbox {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly source: string,
  ) {}

  static async open(options: QuerySandboxOptions): Promise<DuckDbQuerySandbox> {
    const instance = await createDuckDbInstance({ ...options, memoryLimit: options.memoryLimit ?? '512MB', threads: options.threads ?? 2 });
    const connection = await instance.connect();
    try {
      for (const statement of sourceAttachStatements(options.catalog)) await connection.run(statement);
      await connection.run(`ATTACH ':memory:' AS ${LAKE_ALIAS}`);
      await connection.run(`CREATE SCHEMA ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`);
      for (const table of LAKE_TABLES) await connection.run(maskedViewSql(table, LAKE_ALIAS, SANDBOX_SOURCE_ALIAS));
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw new LakeUnavailableError(options.catalog, error);
    }
    connection.closeSync();
    return new DuckDbQuerySandbox(instance, options.catalog.sourceLabel);
  }

  /** A fresh connection whose default schema is the masked lake. */
  async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    await connection.run(`USE ${LAKE_ALIAS}.${quoteIdent(LAKE_NAMESPACE)}`);
    return connection;
  }

  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  close(): void {
    this.instance.closeSync();
  }
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
