import { InstalakeError } from '@instalake/errors';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbInstance, type DuckDbInstanceSettings } from './duckdb-instance';
import { LAKE_TABLES } from '@instalake/lake-schema';
import type { LakeCatalog } from './catalogs/lake-catalog';
import { withCommitRetry } from './catalogs/iceberg-commit-retry';

/**
 * Another process created the same namespace or table between our existence check and our create (two cold
 * starts at once, or the deploy-time DDL next to a running ingest): run the IF NOT EXISTS statement again.
 */
const CREATED_CONCURRENTLY = /AlreadyExistsException|already exists/i;

export interface LakeEngineOptions extends DuckDbInstanceSettings {
  readonly catalog: LakeCatalog;
}

/**
 * One DuckDB instance with the lake attached as `lake`. Writers and readers take their own connections
 * (temp tables and settings are per connection).
 */
export class DuckDbLakeEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly catalog: LakeCatalog,
  ) {}

  static async open(options: LakeEngineOptions): Promise<DuckDbLakeEngine> {
    const instance = await createDuckDbInstance(options);
    const engine = new DuckDbLakeEngine(instance, options.catalog);
    const connection = await instance.connect();
    try {
      for (const statement of options.catalog.attachStatements()) await connection.run(statement);
      for (const statement of options.catalog.ddlStatements(LAKE_TABLES))
        await withCommitRetry(() => connection.run(statement), {
          attempts: 3,
          baseDelayMs: 50,
          isConflict: (error) => CREATED_CONCURRENTLY.test(error instanceof Error ? error.message : String(error)),
        });
      await options.catalog.upgradeTables?.(connection, LAKE_TABLES);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw new LakeUnavailableError(options.catalog, error);
    }
    connection.closeSync();
    return engine;
  }

  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /** Runs `work` on a fresh connection that is closed afterwards. */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
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

export class LakeUnavailableError extends InstalakeError {
  constructor(catalog: LakeCatalog, cause: unknown) {
    // First line, capped: a REST catalog's error body can carry a whole Java stack trace.
    const first = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const detail = first.length > 400 ? `${first.slice(0, 400)}...` : first;
    const hint = /lock/i.test(detail)
      ? ' Another instalake process holds the local lake file: stop it (e.g. `instalake serve`) or point INSTALAKE_HOME elsewhere.'
      : '';
    super('LAKE_UNAVAILABLE', `Cannot open the ${catalog.kind} lake catalog: ${detail}.${hint}`, { cause });
  }
}
