import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LAKE_TABLES } from '@instalake/lake-schema';
import type { LakeCatalog } from './catalogs/lake-catalog';

export interface LakeEngineOptions {
  readonly catalog: LakeCatalog;
  /** DuckDB memory_limit for the whole instance, e.g. "512MB": sized so a 1024 MB Lambda never runs out. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Where DuckDB spills when a load exceeds memoryLimit. */
  readonly tempDirectory?: string;
  /** Directory with pre-bundled extensions (Iceberg catalogs in Lambda); nothing is downloaded at run time. */
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
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
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    if (options.extensionDirectory) config.extension_directory = options.extensionDirectory;
    if (options.homeDirectory) config.home_directory = options.homeDirectory;
    const instance = await DuckDBInstance.create(':memory:', config);
    const engine = new DuckDbLakeEngine(instance, options.catalog);
    const connection = await instance.connect();
    try {
      // Timestamps are UTC everywhere; DATE casts from offsets land on the UTC day.
      await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
      for (const statement of options.catalog.attachStatements()) await connection.run(statement);
      for (const statement of options.catalog.ddlStatements(LAKE_TABLES)) await connection.run(statement);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw new LakeUnavailableError(options.catalog, error);
    } finally {
      connection.closeSync();
    }
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

export class LakeUnavailableError extends Error {
  readonly code = 'LAKE_UNAVAILABLE';
  constructor(catalog: LakeCatalog, cause: unknown) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const hint = /lock/i.test(detail)
      ? ' Another instalake process holds the local lake file: stop it (e.g. `instalake serve`) or point INSTALAKE_HOME elsewhere.'
      : '';
    super(`Cannot open the ${catalog.kind} lake catalog: ${detail}.${hint}`, { cause });
    this.name = 'LakeUnavailableError';
  }
}
