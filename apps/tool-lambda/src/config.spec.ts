import { join, resolve } from 'node:path';
import { catalogFromConfig } from '@instalake/duckdb';
import { lakeCatalogConfig } from './composition';
import { ConfigError, loadToolLambdaConfig } from './config';

describe('loadToolLambdaConfig: the lake catalog (read-only)', () => {
  // What the CDK stack sets on the tool function (infra/lib/instalake-stack.ts).
  const deployed = {
    LAKE_CATALOG: 'iceberg-glue',
    LAKE_ACCOUNT_ID: '123456789012',
    LAKE_REGION: 'eu-west-1',
    LAKE_WAREHOUSE: 's3://instalake-lake-abc/warehouse',
    DUCKDB_EXTENSION_DIR: '/opt/duckdb_extensions',
    DUCKDB_HOME_DIRECTORY: '/tmp',
    INSTALAKE_HOME: '/tmp/instalake',
    LAKE_READ_ONLY: 'true',
  };
  const rest = {
    LAKE_CATALOG: 'iceberg-rest',
    LAKE_REST_ENDPOINT: 'https://polaris.example.com/api/catalog',
    LAKE_WAREHOUSE: 'marketing',
  };

  it('defaults to the local lake file, attached read-only', () => {
    const config = loadToolLambdaConfig({ INSTALAKE_HOME: '/data/il' });
    expect(config.lakeReadOnly).toBe(true);
    expect(lakeCatalogConfig(config)).toEqual({
      kind: 'local',
      databaseFile: join(resolve('/data/il'), 'lake.duckdb'),
      readOnly: true,
    });
    expect(catalogFromConfig(lakeCatalogConfig(config)).attachStatements()).toEqual([
      `ATTACH '${join(resolve('/data/il'), 'lake.duckdb')}' AS lake (READ_ONLY)`,
    ]);
  });

  it('maps the deployed iceberg-glue env to a Glue catalog reading the Lambda role from env, home in /tmp', () => {
    const config = loadToolLambdaConfig(deployed);
    expect(lakeCatalogConfig(config)).toEqual({
      kind: 'iceberg-glue',
      accountId: '123456789012',
      region: 'eu-west-1',
      warehouseLocation: 's3://instalake-lake-abc/warehouse',
      credentialChain: 'env',
      extensionDirectory: '/opt/duckdb_extensions',
      homeDirectory: '/tmp',
    });
    expect(catalogFromConfig(lakeCatalogConfig(config)).attachStatements()).toContain(
      "CREATE OR REPLACE SECRET lake_aws (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'eu-west-1')",
    );
  });

  it('maps iceberg-rest with OAuth2, SigV4 and no auth', () => {
    const oauth = loadToolLambdaConfig({
      ...rest,
      LAKE_REST_AUTH: 'oauth2',
      LAKE_OAUTH2_CLIENT_ID: 'svc',
      LAKE_OAUTH2_CLIENT_SECRET: 's3cr3t',
    });
    expect(lakeCatalogConfig(oauth)).toMatchObject({
      kind: 'iceberg-rest',
      endpoint: 'https://polaris.example.com/api/catalog',
      warehouse: 'marketing',
      auth: { type: 'oauth2', clientId: 'svc', clientSecret: 's3cr3t' },
      homeDirectory: '/tmp',
    });
    expect(catalogFromConfig(lakeCatalogConfig(oauth)).kind).toBe('iceberg-rest');
    expect(
      lakeCatalogConfig(loadToolLambdaConfig({ ...rest, LAKE_REST_AUTH: 'sigv4', LAKE_REGION: 'us-east-1' })),
    ).toMatchObject({
      auth: { type: 'sigv4', region: 'us-east-1', credentialChain: 'env' },
    });
    expect(lakeCatalogConfig(loadToolLambdaConfig({ ...rest, LAKE_REST_AUTH: 'none' }))).toMatchObject({
      auth: { type: 'none' },
    });
  });

  const without = (env: Record<string, string>, key: string) =>
    Object.fromEntries(Object.entries(env).filter(([k]) => k !== key));
  it.each([
    ['an unknown catalog', { LAKE_CATALOG: 'hive' }, /LAKE_CATALOG must be local, iceberg-glue or iceberg-rest/],
    [
      'LAKE_READ_ONLY=false',
      { ...deployed, LAKE_READ_ONLY: 'false' },
      /LAKE_READ_ONLY must be true \(or unset\): the tool Lambda never writes the lake/,
    ],
    [
      'no account id',
      without(deployed, 'LAKE_ACCOUNT_ID'),
      /LAKE_ACCOUNT_ID must be the 12-digit AWS account id .*LAKE_CATALOG=iceberg-glue/,
    ],
    ['no region', without(deployed, 'LAKE_REGION'), /LAKE_REGION must be an AWS region such as eu-west-1/],
    [
      'no warehouse',
      without(deployed, 'LAKE_WAREHOUSE'),
      /LAKE_WAREHOUSE must be s3:\/\/bucket\/prefix .*LAKE_CATALOG=iceberg-glue/,
    ],
    [
      'no REST endpoint',
      without({ ...rest, LAKE_REST_AUTH: 'none' }, 'LAKE_REST_ENDPOINT'),
      /LAKE_REST_ENDPOINT must be the http\(s\) URL/,
    ],
    [
      'no REST warehouse',
      without({ ...rest, LAKE_REST_AUTH: 'none' }, 'LAKE_WAREHOUSE'),
      /LAKE_WAREHOUSE must name the warehouse .*LAKE_CATALOG=iceberg-rest/,
    ],
    ['no REST auth', rest, /LAKE_REST_AUTH must be oauth2, sigv4 or none/],
    [
      'OAuth2 without a client secret',
      { ...rest, LAKE_REST_AUTH: 'oauth2', LAKE_OAUTH2_CLIENT_ID: 'svc' },
      /LAKE_OAUTH2_CLIENT_SECRET is required/,
    ],
  ])('refuses %s with an actionable INVALID_CONFIG error', (_case, env, message) => {
    expect(() => loadToolLambdaConfig(env)).toThrow(ConfigError);
    expect(() => loadToolLambdaConfig(env)).toThrow(message);
  });
});
