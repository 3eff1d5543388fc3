import { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDbInstanceSettings {
  /** memory_limit for the whole instance, e.g. "512MB". */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** Where DuckDB spills when work exceeds memoryLimit. */
  readonly tempDirectory?: string;
  /** Directory with pre-bundled extensions (Iceberg catalogs in Lambda); nothing is downloaded at run time. */
  readonly extensionDirectory?: string;
  readonly homeDirectory?: string;
}

/**
 * An in-memory DuckDB instance as every part of the lake layer needs it: extensions are never installed or
 * auto-loaded (only LOADed from extensionDirectory), and timestamps are UTC (DATE casts land on the UTC day).
 */
export async function createDuckDbInstance(settings: DuckDbInstanceSettings): Promise<DuckDBInstance> {
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
  if (settings.memoryLimit) config.memory_limit = settings.memoryLimit;
  if (settings.threads) config.threads = String(settings.threads);
  if (settings.tempDirectory) config.temp_directory = settings.tempDirectory;
  if (settings.extensionDirectory) config.extension_directory = settings.extensionDirectory;
  if (settings.homeDirectory) config.home_directory = settings.homeDirectory;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  try {
    // TimeZone is not an instance option: ICU registers it once the instance exists.
    await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
  } catch (error) {
    instance.closeSync();
    throw error;
  } finally {
    connection.closeSync();
  }
  return instance;
}
