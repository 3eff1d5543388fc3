import { join, resolve } from 'node:path';
import { ConfigError } from '@instalake/errors';
import { catalogFromConfig } from '@instalake/duckdb';
import { lakeCatalogConfig } from './composition';
import { loadToolLambdaConfig } from './config';

// The LAKE_* matrix (Glue, REST, their errors) is LakeCatalogSettings, tested once with the ingest Lambda's config.
describe('loadToolLambdaConfig', () => {
  it('reads the query worker memory cap and launcher, and refuses a launcher that is not a JSON array', () => {
    const config = loadToolLambdaConfig({
      QUERY_WORKER_MEMORY_MB: '384',
      QUERY_WORKER_LAUNCHER: '["qemu-aarch64", "-L", "/s"]',
    });
    expect(config).toMatchObject({ workerMemoryMb: 384, workerLauncher: ['qemu-aarch64', '-L', '/s'] });
    expect(loadToolLambdaConfig({}).workerMemoryMb).toBeUndefined();
    expect(() => loadToolLambdaConfig({ QUERY_WORKER_LAUNCHER: 'qemu' })).toThrow(/JSON array/);
    expect(() => loadToolLambdaConfig({ QUERY_WORKER_MEMORY_MB: '10' })).toThrow(ConfigError);
  });

  it('defaults to the local lake file, attached read-only, with the guard limits and service name', () => {
    const config = loadToolLambdaConfig({ INSTALAKE_HOME: '/data/il' });
    expect(config).toMatchObject({
      lakeReadOnly: true,
      maxRows: 100,
      timeoutMs: 10_000,
      maxBodyBytes: 20_000,
      threads: 2,
      serviceName: 'instalake-tools',
    });
    expect(lakeCatalogConfig(config)).toEqual({
      kind: 'local',
      databaseFile: join(resolve('/data/il'), 'lake.duckdb'),
      readOnly: true,
    });
    expect(catalogFromConfig(lakeCatalogConfig(config)).attachStatements()).toEqual([
      `ATTACH '${join(resolve('/data/il'), 'lake.duckdb')}' AS lake (READ_ONLY)`,
    ]);
  });

  it('reads the limits and the service name the stack sets', () => {
    expect(
      loadToolLambdaConfig({
        QUERY_MAX_ROWS: '50',
        QUERY_TIMEOUT_MS: '2000',
        RESPONSE_MAX_BYTES: '8000',
        POWERTOOLS_SERVICE_NAME: 'instalake-tool',
        LAKE_READ_ONLY: 'TRUE',
      }),
    ).toMatchObject({ maxRows: 50, timeoutMs: 2000, maxBodyBytes: 8000, serviceName: 'instalake-tool' });
  });

  it('maps the deployed iceberg-glue env to the Glue catalog, with the Lambda role from env', () => {
    const config = loadToolLambdaConfig({
      LAKE_CATALOG: 'iceberg-glue',
      LAKE_ACCOUNT_ID: '123456789012',
      LAKE_REGION: 'eu-west-1',
      LAKE_WAREHOUSE: 's3://instalake-lake-abc/warehouse',
      DUCKDB_HOME_DIRECTORY: '/tmp',
      LAKE_READ_ONLY: 'true',
    });
    expect(catalogFromConfig(lakeCatalogConfig(config)).attachStatements()).toContain(
      "CREATE OR REPLACE SECRET lake_aws (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'eu-west-1')",
    );
  });

  it.each([
    [{ LAKE_READ_ONLY: 'false' }, /LAKE_READ_ONLY must be true \(or unset\): the tool Lambda never writes the lake/],
    [{ QUERY_MAX_ROWS: 'lots' }, /QUERY_MAX_ROWS must be a whole number/],
    [{ RESPONSE_MAX_BYTES: '90000' }, /RESPONSE_MAX_BYTES must be at most 25000/],
    [{ LAKE_CATALOG: 'hive' }, /LAKE_CATALOG must be local, iceberg-glue or iceberg-rest/],
  ])('refuses %j with an actionable INVALID_CONFIG error', (env, message) => {
    expect(() => loadToolLambdaConfig(env)).toThrow(ConfigError);
    expect(() => loadToolLambdaConfig(env)).toThrow(message);
  });
});
