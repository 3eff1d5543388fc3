import { LAKE_TABLES } from '@instalake/lake-schema';
import { IcebergGlueCatalog, type IcebergGlueCatalogOptions } from './iceberg-glue-catalog';
import { LakeCatalogConfigError } from './iceberg-ddl';

const options = {
  accountId: '123456789012',
  region: 'eu-west-1',
  warehouseLocation: 's3://instalake-dev-lake/warehouse/',
  extensionDirectory: '/opt/duckdb/extensions',
  homeDirectory: '/tmp',
};

describe('IcebergGlueCatalog', () => {
  it('loads bundled extensions, creates a credential_chain secret and attaches Glue as lake', () => {
    expect(new IcebergGlueCatalog(options).attachStatements()).toEqual([
      "SET home_directory = '/tmp'",
      "SET extension_directory = '/opt/duckdb/extensions'",
      'LOAD httpfs',
      'LOAD aws',
      'LOAD avro',
      'LOAD iceberg',
      "CREATE OR REPLACE SECRET lake_aws (TYPE s3, PROVIDER credential_chain, REGION 'eu-west-1')",
      "ATTACH '123456789012' AS lake (TYPE iceberg, ENDPOINT_TYPE glue, SECRET 'lake_aws')",
    ]);
  });

  it('passes an explicit credential chain (env in Lambda) and never needs keys', () => {
    const statements = new IcebergGlueCatalog({ ...options, credentialChain: 'env' }).attachStatements();
    expect(statements).toContain(
      "CREATE OR REPLACE SECRET lake_aws (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'eu-west-1')",
    );
    const secret = statements.find((s) => s.startsWith('CREATE OR REPLACE SECRET'))!;
    expect(secret).not.toMatch(/KEY_ID|SECRET '|SESSION_TOKEN/);
  });

  it('reaches an S3-compatible store through the same secret, and spells out ENDPOINT_TYPE glue for another endpoint', () => {
    const statements = new IcebergGlueCatalog({
      ...options,
      credentialChain: 'env',
      catalogEndpoint: 'https://glue-fips.us-east-1.amazonaws.com/iceberg',
      storage: { endpoint: 'minio.internal:9000', urlStyle: 'path', useSsl: false },
    }).attachStatements();
    expect(statements.slice(-2)).toEqual([
      "CREATE OR REPLACE SECRET lake_aws (TYPE s3, PROVIDER credential_chain, CHAIN 'env', REGION 'eu-west-1', " +
        "ENDPOINT 'minio.internal:9000', URL_STYLE 'path', USE_SSL false)",
      "ATTACH '123456789012' AS lake (TYPE iceberg, ENDPOINT 'https://glue-fips.us-east-1.amazonaws.com/iceberg', " +
        "AUTHORIZATION_TYPE 'sigv4', SIGV4_SERVICE 'glue', SIGV4_REGION 'eu-west-1', STAGE_CREATE_TABLES false, " +
        "REMOVE_FILES_ON_DELETE false, PURGE_REQUESTED true, DISABLE_MULTI_TABLE_COMMIT true, SECRET 'lake_aws')",
    ]);
  });

  it('creates the namespace and partitioned tables with explicit locations', () => {
    const ddl = new IcebergGlueCatalog(options).ddlStatements(LAKE_TABLES);
    expect(ddl[0]).toBe('CREATE SCHEMA IF NOT EXISTS lake.instagram_db');
    expect(ddl[1]).toMatch(
      /^CREATE TABLE IF NOT EXISTS lake\.instagram_db\."posts" \("post_id" VARCHAR, .*"posted_date" DATE, .*"ingested_at" TIMESTAMP\)/,
    );
    expect(
      ddl[1].endsWith(
        ` PARTITIONED BY (month("posted_date")) WITH ('location' = 's3://instalake-dev-lake/warehouse/instagram_db/posts')`,
      ),
    ).toBe(true);
    expect(ddl[2]).toMatch(
      /^CREATE TABLE IF NOT EXISTS lake\.instagram_db\."restaurants" \(.*"followers_count" BIGINT/,
    );
    expect(
      ddl[2].endsWith(
        ` PARTITIONED BY ("city") WITH ('location' = 's3://instalake-dev-lake/warehouse/instagram_db/restaurants')`,
      ),
    ).toBe(true);
    expect(ddl[3]).toMatch(
      /^CREATE TABLE IF NOT EXISTS lake\.instagram_db\."post_metrics" \("post_id" VARCHAR, .*"observed_at" TIMESTAMP, .*\) PARTITIONED BY \(month\("observed_at"\)\) WITH \('location' = 's3:\/\/instalake-dev-lake\/warehouse\/instagram_db\/post_metrics'\)$/,
    );
    expect(ddl[4]).toMatch(
      /^CREATE TABLE IF NOT EXISTS lake\.instagram_db\."ingest_log" \(bucket VARCHAR, .*\) WITH \('location' = 's3:\/\/instalake-dev-lake\/warehouse\/instagram_db\/ingest_log'\)$/,
    );
    expect(ddl).toHaveLength(5);
  });

  it('lets an S3 Tables federated catalog choose locations', () => {
    const ddl = new IcebergGlueCatalog({
      accountId: '123456789012',
      region: 'us-east-1',
      s3Tables: true,
    }).ddlStatements(LAKE_TABLES);
    expect(ddl.join('\n')).not.toContain("'location'");
    expect(ddl[1]).toContain('PARTITIONED BY (month("posted_date"))');
  });

  it.each([
    [{ accountId: '1234' }, /accountId is "1234": expected a 12-digit AWS account id/],
    [{ region: "eu-west-1'; DROP" }, /region .* expected an AWS region/],
    [{ warehouseLocation: 'https://bucket/x' }, /warehouseLocation .* expected s3:\/\/bucket\/prefix/],
    [{ warehouseLocation: undefined }, /warehouseLocation is missing/],
    [{ credentialChain: "env'," }, /credentialChain/],
    [{ catalogEndpoint: "glue.example.com'" }, /catalogEndpoint .* expected an http\(s\) URL/],
    [{ storage: { endpoint: 'http://127.0.0.1:9000' } }, /storage\.endpoint .* host\[:port\] without a scheme/],
    [{ storage: { urlStyle: 'virtual' } }, /storage\.urlStyle is "virtual": expected path or vhost/],
  ])('rejects unusable settings %#', (override, message) => {
    const create = () => new IcebergGlueCatalog({ ...options, ...(override as object) } as IcebergGlueCatalogOptions);
    expect(create).toThrow(LakeCatalogConfigError);
    expect(create).toThrow(message);
  });

  it('labels its source by account and region', () => {
    expect(new IcebergGlueCatalog(options).sourceLabel).toBe('iceberg-glue:123456789012/eu-west-1');
  });
});
