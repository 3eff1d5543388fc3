import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadIngestLambdaConfig } from './config';
import { UnsupportedCustomResourceError } from './events/lake-tables-request';
import createEvent from './fixtures/cfn-lake-tables-create.json';
import { createLakeTablesHandler } from './lake-tables-handler';

describe('the lake-tables function answers the ensure-lake-tables custom resource (local catalog, real DuckDB)', () => {
  let home: string;
  let lambda: ReturnType<typeof createLakeTablesHandler>;
  let stdout: jest.SpyInstance;
  const lakeFile = () => join(home, 'lake.duckdb');
  const tablesInLake = async () => {
    await lambda.dispose();
    const db = await DuckDBInstance.create(lakeFile(), { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    try {
      return (
        await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'instagram_db' ORDER BY 1`)
      )
        .getRows()
        .map(([n]) => n);
    } finally {
      c.closeSync();
      db.closeSync();
    }
  };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'instalake-lake-tables-'));
    const env = {
      OBJECT_STORE: 's3',
      LAKE_CATALOG: 'local',
      INSTALAKE_HOME: home,
      INSTALAKE_SCRATCH_DIR: join(home, 'tmp'),
      DUCKDB_THREADS: '1',
    };
    lambda = createLakeTablesHandler(() => loadIngestLambdaConfig(env));
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    stdout.mockRestore();
    await lambda.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('Create opens the engine, which creates the tables, and answers with the stable id and the tables', async () => {
    expect(existsSync(lakeFile())).toBe(false);
    const response = await lambda.handler(createEvent);
    expect(response).toEqual({
      PhysicalResourceId: 'instalake-lake-tables',
      Data: { Catalog: 'local', Tables: 'ingest_log,post_metrics,posts,restaurants' },
    });
    expect(await tablesInLake()).toEqual(['ingest_log', 'post_metrics', 'posts', 'restaurants']);
  });

  it('Update re-runs the idempotent DDL and keeps the same physical id', async () => {
    await lambda.handler(createEvent);
    await lambda.dispose(); // a new execution environment: the update opens the existing lake again
    const update = {
      ...createEvent,
      RequestType: 'Update',
      PhysicalResourceId: 'instalake-lake-tables',
      ResourceProperties: { ...createEvent.ResourceProperties, SchemaHash: 'fedcba9876543210' },
      OldResourceProperties: createEvent.ResourceProperties,
    };
    await expect(lambda.handler(update)).resolves.toMatchObject({
      PhysicalResourceId: 'instalake-lake-tables',
      Data: { Tables: 'ingest_log,post_metrics,posts,restaurants' },
    });
    expect(await tablesInLake()).toEqual(['ingest_log', 'post_metrics', 'posts', 'restaurants']);
  });

  it('Delete touches nothing (the lake keeps its data) and returns the same id', async () => {
    const response = await lambda.handler({
      ...createEvent,
      RequestType: 'Delete',
      PhysicalResourceId: 'instalake-lake-tables',
    });
    expect(response).toEqual({ PhysicalResourceId: 'instalake-lake-tables', Data: {} });
    expect(existsSync(lakeFile())).toBe(false);
  });

  it('refuses another action or request type without opening the lake', async () => {
    const other = {
      ...createEvent,
      ResourceProperties: { ...createEvent.ResourceProperties, Action: 'drop-everything' },
    };
    await expect(lambda.handler(other)).rejects.toThrow(UnsupportedCustomResourceError);
    await expect(lambda.handler(other)).rejects.toThrow(/Action is "drop-everything"/);
    await expect(lambda.handler({ ...createEvent, RequestType: 'Replace' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_CUSTOM_RESOURCE',
    });
    expect(existsSync(lakeFile())).toBe(false);
  });
});
