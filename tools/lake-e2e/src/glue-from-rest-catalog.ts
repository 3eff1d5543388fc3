import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Iceberg primitive types as Glue shows them for an Iceberg table's columns. */
const GLUE_TYPES: Record<string, string> = {
  string: 'string',
  int: 'int',
  long: 'bigint',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  boolean: 'boolean',
  double: 'double',
  float: 'float',
};

interface RestTable {
  'metadata-location': string;
  metadata: {
    location: string;
    'current-schema-id': number;
    schemas: { 'schema-id': number; fields: { name: string; type: string; doc?: string }[] }[];
  };
}

/**
 * The Glue Data Catalog API (awsJson1_1 GetTables) answered from an Iceberg REST catalog, the way Glue describes
 * the Iceberg tables it holds: table_type ICEBERG, metadata_location, the table location and the current schema's
 * columns. `edit` lets a test make the answer drift.
 */
export async function startGlueFromRestCatalog(restEndpoint: string) {
  const state: { edit?: (tables: Record<string, unknown>[]) => Record<string, unknown>[] } = {};
  const getTables = async (database: string) => {
    const list = (await (await fetch(`${restEndpoint}/v1/namespaces/${database}/tables`)).json()) as {
      identifiers: { name: string }[];
    };
    const tables = [];
    for (const { name } of list.identifiers) {
      const table = (await (
        await fetch(`${restEndpoint}/v1/namespaces/${database}/tables/${name}`)
      ).json()) as RestTable;
      const schema = table.metadata.schemas.find((s) => s['schema-id'] === table.metadata['current-schema-id'])!;
      tables.push({
        Name: name,
        DatabaseName: database,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { table_type: 'ICEBERG', metadata_location: table['metadata-location'] },
        StorageDescriptor: {
          Location: table.metadata.location,
          Columns: schema.fields.map((f) => ({ Name: f.name, Type: GLUE_TYPES[f.type] ?? f.type, Comment: f.doc })),
        },
      });
    }
    return state.edit ? state.edit(tables) : tables;
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', async () => {
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      const body = JSON.parse(raw || '{}') as { DatabaseName?: string };
      if (req.headers['x-amz-target'] !== 'AWSGlue.GetTables' || !body.DatabaseName) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({ __type: 'InvalidInputException', Message: `unsupported ${req.headers['x-amz-target']}` }),
        );
        return;
      }
      res.end(JSON.stringify({ TableList: await getTables(body.DatabaseName) }));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
