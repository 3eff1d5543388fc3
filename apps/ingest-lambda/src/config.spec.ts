import { join, resolve } from 'node:path';
import { ConfigError, loadIngestLambdaConfig } from './config';
import { lakeCatalogConfig } from './composition';

describe('loadIngestLambdaConfig', () => {
  it('defaults to S3, the local catalog and a 512MB DuckDB', () => {
    const c = loadIngestLambdaConfig({});
    expect(c).toMatchObject({ objectStore: 's3', lakeCatalog: 'local', memoryLimit: '512MB', uploadPrefix: 'uploads/', deadLetterPrefix: 'dlq/', logLevel: 'INFO' });
    expect(c.threads).toBeUndefined();
  });

  it('reads every variable once into a validated object', () => {
    const c = loadIngestLambdaConfig({
      OBJECT_STORE: 'LOCAL',
      INSTALAKE_HOME: '/data/il',
      DUCKDB_MEMORY_LIMIT: '1GB',
      DUCKDB_THREADS: '2',
      INSTALAKE_SCRATCH_DIR: '/tmp/scratch',
      INSTALAKE_UPLOAD_PREFIX: 'in/',
      INSTALAKE_DLQ_PREFIX: 'dead/',
      LOG_LEVEL: 'debug',
      S3_ENDPOINT: 'http://127.0.0.1:4568',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(c).toMatchObject({ objectStore: 'local', memoryLimit: '1GB', threads: 2, uploadPrefix: 'in/', deadLetterPrefix: 'dead/', logLevel: 'DEBUG' });
    expect(c).toMatchObject({ scratchDirectory: resolve('/tmp/scratch'), s3Endpoint: 'http://127.0.0.1:4568', s3ForcePathStyle: true });
    expect(c.bucketsRoot).toBe(join(resolve('/data/il'), 'buckets'));
    expect(lakeCatalogConfig(c)).toEqual({ kind: 'local', databaseFile: join(resolve('/data/il'), 'lake.duckdb') });
  });

  it.each([
    [{ OBJECT_STORE: 'gcs' }, /OBJECT_STORE must be s3 or local/],
    [{ LAKE_CATALOG: 'hive' }, /LAKE_CATALOG must be local/],
    [{ DUCKDB_MEMORY_LIMIT: 'lots' }, /DUCKDB_MEMORY_LIMIT/],
    [{ DUCKDB_THREADS: 'two' }, /DUCKDB_THREADS/],
    [{ INSTALAKE_DLQ_PREFIX: 'dlq' }, /INSTALAKE_DLQ_PREFIX/],
    [{ LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
  ])('refuses %j with an actionable INVALID_CONFIG error', (env, message) => {
    expect(() => loadIngestLambdaConfig(env)).toThrow(ConfigError);
    expect(() => loadIngestLambdaConfig(env)).toThrow(message);
  });
});
