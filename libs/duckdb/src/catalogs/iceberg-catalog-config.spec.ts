import { catalogFromConfig, LakeCatalogConfig } from './iceberg-catalog-config';
import { IcebergGlueCatalog } from './iceberg-glue-catalog';
import { IcebergRestCatalog } from './iceberg-rest-catalog';
import { LocalCatalog } from './local-catalog';
import { LakeCatalogConfigError } from './iceberg-ddl';

describe('catalogFromConfig', () => {
  it('builds each catalog kind', () => {
    expect(catalogFromConfig({ kind: 'local', databaseFile: '/data/lake.duckdb' })).toBeInstanceOf(LocalCatalog);
    const glue = catalogFromConfig({
      kind: 'iceberg-glue',
      accountId: '123456789012',
      region: 'eu-west-1',
      warehouseLocation: 's3://lake/wh',
    });
    expect(glue).toBeInstanceOf(IcebergGlueCatalog);
    expect(glue.kind).toBe('iceberg-glue');
    const rest = catalogFromConfig({
      kind: 'iceberg-rest',
      endpoint: 'http://127.0.0.1:8181',
      warehouse: 'w',
      auth: { type: 'none' },
    });
    expect(rest).toBeInstanceOf(IcebergRestCatalog);
  });

  it('keeps the local catalog read-only when asked', () => {
    expect(
      catalogFromConfig({ kind: 'local', databaseFile: '/d/l.duckdb', readOnly: true }).attachStatements(),
    ).toEqual(["ATTACH '/d/l.duckdb' AS lake (READ_ONLY)"]);
  });

  it('refuses an unknown kind or an empty local file', () => {
    expect(() => catalogFromConfig({ kind: 'hive' } as unknown as LakeCatalogConfig)).toThrow(/kind is "hive"/);
    expect(() => catalogFromConfig({ kind: 'local', databaseFile: '' })).toThrow(LakeCatalogConfigError);
  });
});
