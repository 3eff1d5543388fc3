import { DuckDBInstance } from '@duckdb/node-api';
import { LAKE_TABLES } from '@instalake/lake-schema';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IcebergGlueCatalog } from './iceberg-glue-catalog';
import { withCommitRetry } from './iceberg-commit-retry';

/** Real DuckDB, no extensions: proves the generated SQL parses and that nothing is ever downloaded. */
describe('Iceberg SQL against a real DuckDB (no extensions)', () => {
  let instance: DuckDBInstance;
  let emptyExtensions: string;

  beforeAll(async () => {
    emptyExtensions = await mkdtemp(join(tmpdir(), 'il-ext-'));
    instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
  });
  afterAll(async () => {
    instance.closeSync();
    await rm(emptyExtensions, { recursive: true, force: true });
  });

  it('parses every DDL statement: only the catalog, not the parser, refuses PARTITIONED BY / WITH', async () => {
    const c = await instance.connect();
    try {
      await c.run(`ATTACH ':memory:' AS lake`);
      const ddl = new IcebergGlueCatalog({
        accountId: '123456789012',
        region: 'eu-west-1',
        warehouseLocation: 's3://lake-bucket/wh',
      }).ddlStatements(LAKE_TABLES);
      await c.run(ddl[0]);
      for (const statement of ddl.slice(1)) {
        const error = await c.run(statement).then(
          () => undefined,
          (e: Error) => e,
        );
        // A syntax mistake would be a Parser Error; an in-memory DuckDB catalog merely lacks Iceberg features.
        expect(error?.message ?? '').not.toMatch(/Parser Error/);
      }
    } finally {
      c.closeSync();
    }
  });

  it('loads extensions only from extension_directory and never installs them', async () => {
    const c = await instance.connect();
    try {
      const statements = new IcebergGlueCatalog({
        accountId: '123456789012',
        region: 'eu-west-1',
        warehouseLocation: 's3://lake-bucket/wh',
        extensionDirectory: emptyExtensions,
      }).attachStatements();
      await c.run(statements[0]);
      await expect(c.run(statements[1])).rejects.toThrow(new RegExp(`${emptyExtensions}.*httpfs.*not found`, 's'));
    } finally {
      c.closeSync();
    }
  });

  it('retries a real DuckDB write-write conflict until the other writer commits', async () => {
    const setup = await instance.connect();
    const other = await instance.connect();
    const writer = await instance.connect();
    try {
      await setup.run('CREATE TABLE counters (k INTEGER PRIMARY KEY, v INTEGER)');
      await setup.run('INSERT INTO counters VALUES (1, 0)');
      await other.run('BEGIN');
      await other.run('UPDATE counters SET v = 10 WHERE k = 1');
      let tries = 0;
      await withCommitRetry(
        async () => {
          tries++;
          await writer.run('UPDATE counters SET v = v + 1 WHERE k = 1');
        },
        { sleep: async () => void (tries === 1 && (await other.run('COMMIT'))) },
      );
      const value = (await setup.runAndReadAll('SELECT v FROM counters WHERE k = 1')).getRows()[0][0];
      expect(tries).toBe(2);
      expect(value).toBe(11);
    } finally {
      setup.closeSync();
      other.closeSync();
      writer.closeSync();
    }
  });
});
