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
 * The instance options every part of the lake layer uses: extensions are never installed or auto-loaded (only LOADed
 * from extensionDirectory).
 */
export function duckDbInstanceConfig(settings: DuckDbInstanceSettings): Record<string, string> {
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
  if (settings.memoryLimit) config.memory_limit = settings.memoryLimit;
  if (settings.threads) config.threads = String(settings.threads);
  if (settings.tempDirectory) config.temp_directory = settings.tempDirectory;
  if (settings.extensionDirectory) config.extension_directory = settings.extensionDirectory;
  if (settings.homeDirectory) config.home_directory = settings.homeDirectory;
  return config;
}

/** TimeZone is not an instance option (ICU registers it once the instance exists): the first statement to run. */
export const UTC_TIME_ZONE_SQL = `SET GLOBAL TimeZone = 'UTC'`;

/**
 * An in-memory DuckDB instance as every part of the lake layer needs it (duckDbInstanceConfig), with timestamps in
 * UTC (DATE casts land on the UTC day).
 */
export async function createDuckDbInstance(settings: DuckDbInstanceSettings): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(':memory:', duckDbInstanceConfig(settings));
  const connection = await instance.connect();
  try {
    await connection.run(UTC_TIME_ZONE_SQL);
  } catch (error) {
    instance.closeSync();
    throw error;
  } finally {
    connection.closeSync();
  }
  return instance;
}
