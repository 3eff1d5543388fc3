import { validateSync } from 'class-validator';
import { lakeCatalogConfigFrom, lakeCatalogEnv, LakeCatalogSettings, storageFrom } from './lake-catalog-settings';

function settings(env: Record<string, string>): LakeCatalogSettings {
  return Object.assign(new LakeCatalogSettings(), lakeCatalogEnv(env));
}
const problems = (s: LakeCatalogSettings) => validateSync(s).flatMap((e) => Object.values(e.constraints ?? {}));

const REST = {
  LAKE_CATALOG: 'iceberg-rest',
  LAKE_REST_ENDPOINT: 'http://127.0.0.1:8181',
  LAKE_REST_AUTH: 'none',
  LAKE_WAREHOUSE: 'dev',
};

describe('LAKE_S3_* settings (an S3-compatible store for the table files)', () => {
  it('splits an endpoint URL into host:port and TLS, and passes it to the catalog', () => {
    const s = settings({ ...REST, LAKE_S3_ENDPOINT: 'http://127.0.0.1:9000/', LAKE_S3_URL_STYLE: 'PATH' });
    expect(problems(s)).toEqual([]);
    expect(storageFrom(s)).toEqual({ endpoint: '127.0.0.1:9000', urlStyle: 'path', useSsl: false });
    expect(lakeCatalogConfigFrom(s)).toMatchObject({
      kind: 'iceberg-rest',
      storage: { endpoint: '127.0.0.1:9000', urlStyle: 'path', useSsl: false },
      storageCredentialChain: 'env',
    });
  });

  it('takes host:port as is; an explicit LAKE_S3_USE_SSL wins over the scheme', () => {
    expect(storageFrom(settings({ ...REST, LAKE_S3_ENDPOINT: 'minio.internal:9000' }))).toEqual({
      endpoint: 'minio.internal:9000',
    });
    expect(
      storageFrom(settings({ ...REST, LAKE_S3_ENDPOINT: 'https://s3.example.com', LAKE_S3_USE_SSL: 'false' })),
    ).toEqual({ endpoint: 's3.example.com', useSsl: false });
  });

  it('leaves AWS S3 alone when nothing is set', () => {
    expect(storageFrom(settings(REST))).toBeUndefined();
    expect(lakeCatalogConfigFrom(settings(REST))).not.toHaveProperty('storage');
  });

  it.each([
    [{ LAKE_S3_ENDPOINT: 'ftp://x:21' }, /LAKE_S3_ENDPOINT must be host\[:port\]/],
    [{ LAKE_S3_URL_STYLE: 'virtual' }, /LAKE_S3_URL_STYLE must be path or vhost/],
    [{ LAKE_S3_USE_SSL: 'maybe' }, /LAKE_S3_USE_SSL must be true or false/],
    [{ LAKE_REST_SIGV4_SERVICE: 'glue service' }, /LAKE_REST_SIGV4_SERVICE/],
  ])('names the variable to fix: %o', (extra, message) => {
    expect(problems(settings({ ...REST, ...extra })).join('; ')).toMatch(message);
  });
});

describe('LAKE_GLUE_ENDPOINT', () => {
  const GLUE = {
    LAKE_CATALOG: 'iceberg-glue',
    LAKE_ACCOUNT_ID: '123456789012',
    LAKE_REGION: 'eu-west-1',
    LAKE_WAREHOUSE: 's3://lake/warehouse',
  };

  it('points the Glue catalog at another Iceberg REST endpoint', () => {
    const s = settings({ ...GLUE, LAKE_GLUE_ENDPOINT: 'https://glue-fips.us-east-1.amazonaws.com/iceberg' });
    expect(problems(s)).toEqual([]);
    expect(lakeCatalogConfigFrom(s)).toMatchObject({
      kind: 'iceberg-glue',
      catalogEndpoint: 'https://glue-fips.us-east-1.amazonaws.com/iceberg',
    });
    expect(lakeCatalogConfigFrom(settings(GLUE))).not.toHaveProperty('catalogEndpoint');
  });

  it('must be an http(s) URL', () => {
    expect(problems(settings({ ...GLUE, LAKE_GLUE_ENDPOINT: 'glue.local' })).join()).toMatch(/LAKE_GLUE_ENDPOINT/);
  });
});
