import { CatalogTable, compareWithLakeSchema, InMemoryCatalogMetadata } from './catalog-metadata';
import { LAKE_TABLES, PostsTable, RestaurantsTable, TableSpec } from './tables';

const HIVE_TYPES: Record<string, string> = {
  VARCHAR: 'string',
  INTEGER: 'int',
  BIGINT: 'bigint',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};

function deployedAsGlueReports(spec: TableSpec): CatalogTable {
  return {
    namespace: spec.namespace,
    name: spec.name,
    tableType: 'ICEBERG',
    columns: spec.columns.map((c) => ({ name: c.name, type: HIVE_TYPES[c.sqlType] })),
  };
}

describe('compareWithLakeSchema', () => {
  it('finds no drift when Glue reports the lake-schema columns in its own type names', () => {
    const report = compareWithLakeSchema(LAKE_TABLES.map(deployedAsGlueReports), LAKE_TABLES, { requireIceberg: true });
    expect(report).toEqual({ matches: true, issues: [] });
  });

  it('reports missing tables, missing and extra columns and type differences', () => {
    const posts = deployedAsGlueReports(PostsTable);
    const drifted: CatalogTable = {
      ...posts,
      columns: [
        ...posts.columns
          .filter((c) => c.name !== 'hashtags')
          .map((c) => (c.name === 'likes' ? { ...c, type: 'string' } : c)),
        { name: 'Reach', type: 'bigint' },
      ],
    };
    const report = compareWithLakeSchema([drifted]);
    expect(report.matches).toBe(false);
    expect(
      report.issues.map(({ kind, table, column, expected, actual }) => ({ kind, table, column, expected, actual })),
    ).toEqual([
      { kind: 'type-mismatch', table: 'instagram_db.posts', column: 'likes', expected: 'INTEGER', actual: 'string' },
      {
        kind: 'missing-column',
        table: 'instagram_db.posts',
        column: 'hashtags',
        expected: 'VARCHAR',
        actual: undefined,
      },
      {
        kind: 'unexpected-column',
        table: 'instagram_db.posts',
        column: 'Reach',
        expected: undefined,
        actual: 'bigint',
      },
      {
        kind: 'missing-table',
        table: 'instagram_db.restaurants',
        column: undefined,
        expected: undefined,
        actual: undefined,
      },
      {
        kind: 'missing-table',
        table: 'instagram_db.post_metrics',
        column: undefined,
        expected: undefined,
        actual: undefined,
      },
    ]);
    expect(report.issues[0].message).toMatch(/alter the column type/);
  });

  it('accepts Iceberg and DuckDB spellings and upper-case column names', () => {
    const restaurants = deployedAsGlueReports(RestaurantsTable);
    const spelled: CatalogTable = {
      ...restaurants,
      columns: restaurants.columns.map((c) => ({
        name: c.name.toUpperCase(),
        type: c.type === 'bigint' ? 'long' : c.type === 'string' ? 'VARCHAR' : c.type,
      })),
    };
    expect(compareWithLakeSchema([spelled], [RestaurantsTable]).matches).toBe(true);
  });

  it('flags a non-Iceberg table only when Iceberg is required', () => {
    const hive = { ...deployedAsGlueReports(PostsTable), tableType: 'EXTERNAL_TABLE' };
    expect(compareWithLakeSchema([hive], [PostsTable]).matches).toBe(true);
    const report = compareWithLakeSchema([hive], [PostsTable], { requireIceberg: true });
    expect(report.issues).toEqual([expect.objectContaining({ kind: 'not-iceberg', actual: 'EXTERNAL_TABLE' })]);
  });
});

describe('InMemoryCatalogMetadata', () => {
  it('lists by namespace and finds tables case-insensitively', async () => {
    const catalog = new InMemoryCatalogMetadata([
      deployedAsGlueReports(PostsTable),
      { namespace: 'other', name: 'x', columns: [] },
    ]);
    expect((await catalog.listTables('instagram_db')).map((t) => t.name)).toEqual(['posts']);
    expect((await catalog.getTable('INSTAGRAM_DB', 'Posts'))?.name).toBe('posts');
    expect(await catalog.getTable('instagram_db', 'restaurants')).toBeUndefined();
  });
});
