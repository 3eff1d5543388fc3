import { join, resolve } from 'node:path';
import { ConfigError } from '@instalake/errors';
import { loadIngestLambdaConfig } from './config';
import { catalogFromConfig } from '@instalake/duckdb';
import { lakeCatalogConfig } from './composition';

describe('loadIngestLambdaConfig', () => {
  it('defaults to S3, the local catalog and a 512MB DuckDB', () => {
    const c = loadIngestLambdaConfig({});
    expect(c).toMatchObject({
      objectStore: 's3',
      lakeCatalog: 'local',
      memoryLimit: '512MB',
      uploadPrefix: 'uploads/',
      deadLetterPrefix: 'dlq/',
      logLevel: 'INFO',
      timeReserveMs: 60_000,
      serviceName: 'instalake-ingest',
    });
    expect(c.threads).toBeUndefined();
  });

  it('reads the mapping file key with the raw bucket that holds it, and says when the bucket is missing', () => {
    expect(
      loadIngestLambdaConfig({ RAW_BUCKET: 'instalake-raw', INSTALAKE_MAPPING_KEY: 'config/ingest-mapping.json' }),
    ).toMatchObject({ rawBucket: 'instalake-raw', mappingKey: 'config/ingest-mapping.json' });
    expect(() => loadIngestLambdaConfig({ INSTALAKE_MAPPING_KEY: 'config/ingest-mapping.json' })).toThrow(
      /INSTALAKE_MAPPING_KEY needs INSTALAKE_RAW_BUCKET/,
    );
    expect(() =>
      loadIngestLambdaConfig({ INSTALAKE_RAW_BUCKET: 'instalake-raw', INSTALAKE_MAPPING_KEY: '/abs.txt' }),
    ).toThrow(/INSTALAKE_MAPPING_KEY must be a \.json key/);
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
      INGEST_TIME_RESERVE_MS: '30000',
      POWERTOOLS_SERVICE_NAME: 'instalake-ingest-dev',
    });
    expect(c).toMatchObject({
      objectStore: 'local',
      memoryLimit: '1GB',
      threads: 2,
      uploadPrefix: 'in/',
      deadLetterPrefix: 'dead/',
      logLevel: 'DEBUG',
      timeReserveMs: 30_000,
      serviceName: 'instalake-ingest-dev',
    });
    expect(c).toMatchObject({
      scratchDirectory: resolve('/tmp/scratch'),
      s3Endpoint: 'http://127.0.0.1:4568',
      s3ForcePathStyle: true,
    });
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
    [{ INGEST_TIME_RESERVE_MS: '-5' }, /INGEST_TIME_RESERVE_MS must be at least 0/],
  ])('refuses %j with an actionable INVALID_CONFIG error', (env, message) => {
    expect(() => loadIngestLambdaConfig(env)).toThrow(ConfigError);
    expect(() => loadIngestLambdaConfig(env)).toThrow(message);
  });

  describe('LAKE_CATALOG', () => {
    // What the CDK stack sets on the ingest function (infra/lib/instalake-stack.ts).
    const deployed = {
      LAKE_CATALOG: 'iceberg-glue',
      LAKE_ACCOUNT_ID: '123456789012',
      LAKE_REGION: 'eu-west-1',
      LAKE_WAREHOUSE: 's3://instalake-lake-abc/warehouse',
      DUCKDB_EXTENSION_DIR: '/opt/duckdb_extensions',
      DUCKDB_HOME_DIRECTORY: '/tmp',
      INSTALAKE_HOME: '/tmp/instalake',
    };
    const rest = {
      LAKE_CATALOG: 'iceberg-rest',
      LAKE_REST_ENDPOINT: 'https://polaris.example.com/api/catalog',
      LAKE_WAREHOUSE: 'marketing',
    };

    it('maps the deployed iceberg-glue env to a Glue catalog reading the Lambda role from env, home in /tmp', () => {
      const config = loadIngestLambdaConfig(deployed);
      expect(lakeCatalogConfig(config)).toEqual({
        kind: 'iceberg-glue',
        accountId: '123456789012',
        region: 'eu-west-1',
        warehouseLocation: 's3://instalake-lake-abc/warehouse',
        credentialChain: 'env',
        extensionDirectory: '/opt/duckdb_extensions',
        homeDirectory: '/tmp',
      });
      const catalog = catalogFromConfig(lakeCatalogConfig(config));
      expect(catalog.kind).toBe('iceberg-glue');
      expect(catalog.attachStatements()).toContain("SET home_directory = '/tmp'");
    });

    it('defaults the Glue home directory to /tmp and takes another credential chain when given', () => {
      const { DUCKDB_HOME_DIRECTORY: _unused, ...withoutHome } = deployed;
      expect(
        lakeCatalogConfig(loadIngestLambdaConfig({ ...withoutHome, LAKE_CREDENTIAL_CHAIN: 'env;config' })),
      ).toMatchObject({
        homeDirectory: '/tmp',
        credentialChain: 'env;config',
      });
    });

    it('maps iceberg-rest with OAuth2 client credentials', () => {
      const config = loadIngestLambdaConfig({
        ...rest,
        LAKE_REST_AUTH: 'oauth2',
        LAKE_OAUTH2_CLIENT_ID: 'svc',
        LAKE_OAUTH2_CLIENT_SECRET: 's3cr3t',
        LAKE_OAUTH2_SERVER_URI: 'https://polaris.example.com/api/catalog/v1/oauth/tokens',
        LAKE_OAUTH2_SCOPE: 'PRINCIPAL_ROLE:ALL',
        LAKE_WAREHOUSE_LOCATION: 's3://lake/wh',
      });
      expect(lakeCatalogConfig(config)).toEqual({
        kind: 'iceberg-rest',
        endpoint: 'https://polaris.example.com/api/catalog',
        warehouse: 'marketing',
        warehouseLocation: 's3://lake/wh',
        auth: {
          type: 'oauth2',
          clientId: 'svc',
          clientSecret: 's3cr3t',
          oauth2ServerUri: 'https://polaris.example.com/api/catalog/v1/oauth/tokens',
          scope: 'PRINCIPAL_ROLE:ALL',
        },
        extensionDirectory: undefined,
        homeDirectory: '/tmp',
      });
      expect(catalogFromConfig(lakeCatalogConfig(config)).kind).toBe('iceberg-rest');
    });

    it('maps iceberg-rest with SigV4 and with no auth', () => {
      expect(
        lakeCatalogConfig(loadIngestLambdaConfig({ ...rest, LAKE_REST_AUTH: 'SIGV4', LAKE_REGION: 'us-east-1' })),
      ).toMatchObject({
        auth: { type: 'sigv4', region: 'us-east-1', credentialChain: 'env' },
      });
      expect(lakeCatalogConfig(loadIngestLambdaConfig({ ...rest, LAKE_REST_AUTH: 'none' }))).toMatchObject({
        auth: { type: 'none' },
      });
    });

    it('ignores Iceberg settings when the catalog is local', () => {
      const config = loadIngestLambdaConfig({
        LAKE_CATALOG: 'local',
        LAKE_ACCOUNT_ID: 'nope',
        LAKE_WAREHOUSE: 'not-a-uri',
        INSTALAKE_HOME: '/data/il',
      });
      expect(lakeCatalogConfig(config)).toEqual({
        kind: 'local',
        databaseFile: join(resolve('/data/il'), 'lake.duckdb'),
      });
    });

    const without = <T extends Record<string, string>>(env: T, key: keyof T) =>
      Object.fromEntries(Object.entries(env).filter(([k]) => k !== key));
    it.each([
      [
        'no account id',
        without(deployed, 'LAKE_ACCOUNT_ID'),
        /LAKE_ACCOUNT_ID must be the 12-digit AWS account id of the Glue catalog when LAKE_CATALOG=iceberg-glue/,
      ],
      ['a short account id', { ...deployed, LAKE_ACCOUNT_ID: '12345' }, /LAKE_ACCOUNT_ID must be the 12-digit/],
      ['no region', without(deployed, 'LAKE_REGION'), /LAKE_REGION must be an AWS region such as eu-west-1/],
      [
        'no warehouse',
        without(deployed, 'LAKE_WAREHOUSE'),
        /LAKE_WAREHOUSE must be s3:\/\/bucket\/prefix .* when LAKE_CATALOG=iceberg-glue/,
      ],
      [
        'a warehouse that is not s3',
        { ...deployed, LAKE_WAREHOUSE: 'https://bucket/wh' },
        /LAKE_WAREHOUSE must be s3:\/\/bucket\/prefix/,
      ],
      [
        'a bad credential chain',
        { ...deployed, LAKE_CREDENTIAL_CHAIN: 'env config' },
        /LAKE_CREDENTIAL_CHAIN must list providers/,
      ],
      [
        'no REST endpoint',
        { LAKE_CATALOG: 'iceberg-rest', LAKE_WAREHOUSE: 'w', LAKE_REST_AUTH: 'none' },
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
        /LAKE_OAUTH2_CLIENT_SECRET is required when LAKE_REST_AUTH=oauth2/,
      ],
      [
        'OAuth2 without a client id',
        { ...rest, LAKE_REST_AUTH: 'oauth2', LAKE_OAUTH2_CLIENT_SECRET: 'x' },
        /LAKE_OAUTH2_CLIENT_ID is required/,
      ],
      [
        'SigV4 without a region',
        { ...rest, LAKE_REST_AUTH: 'sigv4' },
        /LAKE_REGION must be an AWS region .* LAKE_REST_AUTH=sigv4/,
      ],
    ])('refuses iceberg settings with %s', (_case, env, message) => {
      expect(() => loadIngestLambdaConfig(env)).toThrow(ConfigError);
      expect(() => loadIngestLambdaConfig(env)).toThrow(message);
    });

    it('never puts the OAuth2 client secret in an error message', () => {
      expect(() =>
        loadIngestLambdaConfig({ ...rest, LAKE_REST_AUTH: 'oauth2', LAKE_OAUTH2_CLIENT_SECRET: 'hunter2' }),
      ).toThrow(/^(?!.*hunter2).*$/s);
    });
  });

  describe('knowledge base', () => {
    const KB = {
      KNOWLEDGE_BUCKET: 'instalake-dev-knowledge-1',
      KNOWLEDGE_BASE_ID: 'KB12345678',
      KNOWLEDGE_DATA_SOURCE_ID: 'DS12345678',
    };

    it('syncs the knowledge base when bucket, knowledge base and data source are all set', () => {
      expect(loadIngestLambdaConfig({}).syncsKnowledge).toBe(false);
      expect(loadIngestLambdaConfig({ ...KB, BEDROCK_AGENT_ENDPOINT: 'http://127.0.0.1:9999' })).toMatchObject({
        syncsKnowledge: true,
        knowledgeBucket: 'instalake-dev-knowledge-1',
        knowledgePrefix: '',
        bedrockAgentEndpoint: 'http://127.0.0.1:9999',
      });
    });

    it('refuses a partial or malformed knowledge configuration, naming the variables', () => {
      expect(() => loadIngestLambdaConfig({ KNOWLEDGE_BUCKET: KB.KNOWLEDGE_BUCKET })).toThrow(
        /KNOWLEDGE_BUCKET, KNOWLEDGE_BASE_ID and KNOWLEDGE_DATA_SOURCE_ID go together/,
      );
      expect(() => loadIngestLambdaConfig({ ...KB, KNOWLEDGE_BASE_ID: 'kb-1; drop' })).toThrow(ConfigError);
      expect(() => loadIngestLambdaConfig({ ...KB, KNOWLEDGE_BASE_ID: 'kb-1; drop' })).toThrow(
        /KNOWLEDGE_BASE_ID must be/,
      );
      expect(() => loadIngestLambdaConfig({ ...KB, KNOWLEDGE_PREFIX: 'docs' })).toThrow(
        /KNOWLEDGE_PREFIX must be empty or end with/,
      );
      expect(() => loadIngestLambdaConfig({ GLUE_ENDPOINT: 'glue.local' })).toThrow(/GLUE_ENDPOINT must be/);
    });
  });
});
