import { LAKE_TABLES } from '@instalake/lake-schema';
import { IcebergRestCatalog } from './iceberg-rest-catalog';
import { LakeCatalogConfigError } from './iceberg-ddl';

describe('IcebergRestCatalog', () => {
  it('authenticates with OAuth2 client credentials through an iceberg secret', () => {
    const catalog = new IcebergRestCatalog({
      endpoint: 'https://polaris.example.com/api/catalog',
      warehouse: 'quickstart',
      auth: {
        type: 'oauth2',
        clientId: 'root',
        clientSecret: "s3cr'et",
        oauth2ServerUri: 'https://polaris.example.com/api/catalog/v1/oauth/tokens',
        scope: 'PRINCIPAL_ROLE:ALL',
      },
    });
    expect(catalog.attachStatements()).toEqual([
      'LOAD httpfs',
      'LOAD avro',
      'LOAD iceberg',
      "CREATE OR REPLACE SECRET lake_iceberg (TYPE iceberg, CLIENT_ID 'root', CLIENT_SECRET 's3cr''et', " +
        "OAUTH2_SERVER_URI 'https://polaris.example.com/api/catalog/v1/oauth/tokens', OAUTH2_SCOPE 'PRINCIPAL_ROLE:ALL')",
      "ATTACH 'quickstart' AS lake (TYPE iceberg, ENDPOINT 'https://polaris.example.com/api/catalog', SECRET 'lake_iceberg')",
    ]);
    expect(catalog.sourceLabel).toBe('iceberg-rest:polaris.example.com/quickstart');
  });

  it('signs with SigV4 from the credential chain (S3 Tables, Glue REST)', () => {
    const catalog = new IcebergRestCatalog({
      endpoint: 'https://s3tables.eu-west-1.amazonaws.com/iceberg',
      warehouse: 'arn:aws:s3tables:eu-west-1:123456789012:bucket/lake',
      auth: { type: 'sigv4', region: 'eu-west-1' },
      extensionDirectory: '/opt/duckdb/extensions',
    });
    expect(catalog.attachStatements()).toEqual([
      "SET extension_directory = '/opt/duckdb/extensions'",
      'LOAD httpfs',
      'LOAD aws',
      'LOAD avro',
      'LOAD iceberg',
      "CREATE OR REPLACE SECRET lake_iceberg (TYPE s3, PROVIDER credential_chain, REGION 'eu-west-1')",
      "ATTACH 'arn:aws:s3tables:eu-west-1:123456789012:bucket/lake' AS lake (TYPE iceberg, " +
        "ENDPOINT 'https://s3tables.eu-west-1.amazonaws.com/iceberg', AUTHORIZATION_TYPE 'sigv4', SECRET 'lake_iceberg')",
    ]);
  });

  it('attaches an unauthenticated local catalog', () => {
    const statements = new IcebergRestCatalog({
      endpoint: 'http://127.0.0.1:8181',
      warehouse: 'dev',
      auth: { type: 'none' },
    }).attachStatements();
    expect(statements.at(-1)).toBe(
      "ATTACH 'dev' AS lake (TYPE iceberg, ENDPOINT 'http://127.0.0.1:8181', AUTHORIZATION_TYPE 'none')",
    );
    expect(statements.some((s) => s.includes('SECRET'))).toBe(false);
  });

  it('gives a catalog without credentials of its own an S3 secret for an S3-compatible store', () => {
    const statements = new IcebergRestCatalog({
      endpoint: 'http://127.0.0.1:8181',
      warehouse: 'dev',
      auth: { type: 'none' },
      storageCredentialChain: 'env',
      storage: { endpoint: '127.0.0.1:9000', urlStyle: 'path', useSsl: false, region: 'us-east-1' },
    }).attachStatements();
    expect(statements).toEqual([
      'LOAD httpfs',
      'LOAD aws',
      'LOAD avro',
      'LOAD iceberg',
      "CREATE OR REPLACE SECRET lake_s3 (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'us-east-1', " +
        "ENDPOINT '127.0.0.1:9000', URL_STYLE 'path', USE_SSL false)",
      "ATTACH 'dev' AS lake (TYPE iceberg, ENDPOINT 'http://127.0.0.1:8181', AUTHORIZATION_TYPE 'none')",
    ]);
  });

  it('names the SigV4 service when the host does not (Glue behind a proxy), one secret signing and reading', () => {
    const statements = new IcebergRestCatalog({
      endpoint: 'http://127.0.0.1:8181',
      warehouse: '123456789012',
      auth: { type: 'sigv4', region: 'eu-west-1', signingService: 'glue', credentialChain: 'env' },
      storage: { endpoint: '127.0.0.1:9000', urlStyle: 'path', useSsl: false },
    }).attachStatements();
    expect(statements.slice(-2)).toEqual([
      "CREATE OR REPLACE SECRET lake_iceberg (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'eu-west-1', " +
        "ENDPOINT '127.0.0.1:9000', URL_STYLE 'path', USE_SSL false)",
      "ATTACH '123456789012' AS lake (TYPE iceberg, ENDPOINT 'http://127.0.0.1:8181', AUTHORIZATION_TYPE 'sigv4', " +
        "SIGV4_SERVICE 'glue', SIGV4_REGION 'eu-west-1', SECRET 'lake_iceberg')",
    ]);
  });

  it('uses the same partitioned DDL, with locations only when configured', () => {
    const base = { endpoint: 'http://127.0.0.1:8181', warehouse: 'dev', auth: { type: 'none' } as const };
    const assigned = new IcebergRestCatalog(base).ddlStatements(LAKE_TABLES);
    expect(assigned[1]).toMatch(/PARTITIONED BY \(month\("posted_date"\)\)$/);
    expect(assigned[2]).toMatch(/PARTITIONED BY \("city"\)$/);
    const explicit = new IcebergRestCatalog({ ...base, warehouseLocation: 's3://lake/wh' }).ddlStatements(LAKE_TABLES);
    expect(explicit[1]).toMatch(/WITH \('location' = 's3:\/\/lake\/wh\/instagram_db\/posts'\)$/);
  });

  it.each([
    [{ endpoint: 'ftp://x' }, /endpoint/],
    [{ warehouse: ' ' }, /warehouse is empty/],
    [{ auth: { type: 'oauth2', clientId: 'a', clientSecret: '' } }, /clientId and clientSecret/],
    [{ auth: { type: 'sigv4', region: 'nowhere' } }, /auth\.region/],
    [{ auth: { type: 'sigv4', region: 'eu-west-1', signingService: "glue'" } }, /auth\.signingService/],
    [{ storage: { endpoint: 'minio:9000/x' } }, /storage\.endpoint/],
    [{ storageCredentialChain: 'env;' }, /credentialChain/],
  ])('rejects unusable settings %#', (override, message) => {
    const create = () =>
      new IcebergRestCatalog({
        endpoint: 'https://c.example.com',
        warehouse: 'w',
        auth: { type: 'none' },
        ...(override as object),
      });
    expect(create).toThrow(LakeCatalogConfigError);
    expect(create).toThrow(message);
  });
});
