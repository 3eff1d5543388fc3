import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GlueClient } from '@aws-sdk/client-glue';
import { compareWithLakeSchema, LAKE_TABLES } from '@instalake/lake-schema';
import { GlueCatalogError, GlueCatalogMetadata } from './glue-catalog-metadata';

/** A local Glue endpoint speaking the awsJson1_1 protocol, driven by the real @aws-sdk/client-glue. */
type Handler = (target: string, body: Record<string, unknown>) => { status: number; body: unknown };

const HIVE: Record<string, string> = {
  VARCHAR: 'string',
  INTEGER: 'int',
  BIGINT: 'bigint',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};
const glueTable = (name: string) => {
  const spec = LAKE_TABLES.find((t) => t.name === name)!;
  return {
    Name: name,
    DatabaseName: 'instagram_db',
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      table_type: 'ICEBERG',
      metadata_location: `s3://lake/wh/instagram_db/${name}/metadata/00001.metadata.json`,
    },
    StorageDescriptor: {
      Location: `s3://lake/wh/instagram_db/${name}`,
      Columns: spec.columns.map((c) => ({ Name: c.name, Type: HIVE[c.sqlType], Comment: c.description })),
    },
  };
};

describe('GlueCatalogMetadata with the real Glue client against a local endpoint', () => {
  let server: Server;
  let client: GlueClient;
  let handler: Handler;
  const requests: { target: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = JSON.parse(raw || '{}');
        requests.push({ target, body });
        const reply = handler(target, body);
        res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new GlueClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  beforeEach(() => (requests.length = 0));
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('pages through GetTables and maps Iceberg tables to the port, matching lake-schema', async () => {
    handler = (target, body) =>
      target === 'AWSGlue.GetTables' && !body.NextToken
        ? { status: 200, body: { TableList: [glueTable('posts')], NextToken: 'page-2' } }
        : { status: 200, body: { TableList: [glueTable('restaurants'), glueTable('post_metrics')] } };
    const tables = await new GlueCatalogMetadata(client, { catalogId: '123456789012' }).listTables('instagram_db');
    expect(requests.map((r) => [r.target, r.body.DatabaseName, r.body.CatalogId, r.body.NextToken])).toEqual([
      ['AWSGlue.GetTables', 'instagram_db', '123456789012', undefined],
      ['AWSGlue.GetTables', 'instagram_db', '123456789012', 'page-2'],
    ]);
    expect(tables.map((t) => [t.name, t.tableType, t.location])).toEqual([
      ['posts', 'ICEBERG', 's3://lake/wh/instagram_db/posts'],
      ['restaurants', 'ICEBERG', 's3://lake/wh/instagram_db/restaurants'],
      ['post_metrics', 'ICEBERG', 's3://lake/wh/instagram_db/post_metrics'],
    ]);
    expect(tables[0].columns.find((c) => c.name === 'posted_date')).toEqual({
      name: 'posted_date',
      type: 'date',
      comment: 'Date the post was published (UTC).',
    });
    expect(compareWithLakeSchema(tables, LAKE_TABLES, { requireIceberg: true })).toEqual({ matches: true, issues: [] });
  });

  it('reads one table with its partition keys, and answers undefined for a missing table', async () => {
    handler = (_target, body) =>
      body.Name === 'posts'
        ? { status: 200, body: { Table: { ...glueTable('posts'), PartitionKeys: [{ Name: 'month', Type: 'int' }] } } }
        : { status: 400, body: { __type: 'EntityNotFoundException', Message: 'Table restaurants not found.' } };
    const glue = new GlueCatalogMetadata(client);
    const posts = await glue.getTable('instagram_db', 'posts');
    expect(posts?.columns.at(-1)).toEqual({ name: 'month', type: 'int', comment: undefined, partitionKey: true });
    expect(requests[0]).toEqual({ target: 'AWSGlue.GetTable', body: { DatabaseName: 'instagram_db', Name: 'posts' } });
    await expect(glue.getTable('instagram_db', 'restaurants')).resolves.toBeUndefined();
  });

  it('turns access denied into an actionable GlueCatalogError', async () => {
    handler = () => ({
      status: 400,
      body: { __type: 'AccessDeniedException', Message: 'not authorized to perform glue:GetTables' },
    });
    const error = await new GlueCatalogMetadata(client).listTables('instagram_db').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlueCatalogError);
    expect(error).toMatchObject({
      code: 'GLUE_CATALOG_UNAVAILABLE',
      message: expect.stringMatching(/AccessDeniedException.*Grant the function glue:GetTables/),
    });
  });
});
