import { mkdir } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { openLakeEngine } from '@instalake/composition';
import type { DuckDbLakeEngine } from '@instalake/duckdb';
import { InstalakeError } from '@instalake/errors';
import { compareWithLakeSchema, LAKE_NAMESPACE, LAKE_TABLES, type CatalogMetadata } from '@instalake/lake-schema';
import type { Context } from 'aws-lambda';
import type { IngestLambdaConfig } from './config';
import { catalogMetadataOf, lakeOptions } from './composition';
import { checkLakeTablesRequest, LAKE_TABLES_RESOURCE_ID, type LakeTablesResponse } from './events/lake-tables-request';

const TABLES_SQL = `SELECT table_name FROM information_schema.tables
  WHERE table_catalog = 'lake' AND table_schema = 'instagram_db' ORDER BY table_name`;

/** The deployed tables differ from lake-schema in a way loads or queries would trip over: the deploy stops. */
export class LakeSchemaDriftError extends InstalakeError {
  constructor(issues: readonly { message: string }[]) {
    super(
      'LAKE_SCHEMA_DRIFT',
      `The deployed lake tables do not match lake-schema: ${issues.map((i) => i.message).join(' ')}`,
    );
  }
}

/**
 * The tables as the metadata catalog (Glue) reports them, which is what Athena and other engines read, against
 * lake-schema. Missing tables or columns, other types and non-Iceberg tables stop the deploy; a column lake-schema
 * no longer has only warns (loads leave it NULL), and so does a table the catalog lists without any columns.
 */
async function checkDeployedSchema(metadata: CatalogMetadata, log: Logger): Promise<void> {
  const deployed = await metadata.listTables(LAKE_NAMESPACE);
  const unlisted = new Set(deployed.filter((t) => t.columns.length === 0).map((t) => `${LAKE_NAMESPACE}.${t.name}`));
  const { issues } = compareWithLakeSchema(deployed, LAKE_TABLES, { requireIceberg: true });
  const notes = issues.filter(
    (i) => i.kind === 'unexpected-column' || (i.kind === 'missing-column' && unlisted.has(i.table)),
  );
  const blocking = issues.filter((i) => !notes.includes(i));
  if (notes.length) log.warn('lake schema notes', { issues: notes.map((i) => i.message) });
  if (blocking.length) throw new LakeSchemaDriftError(blocking);
  log.info('lake schema checked', { tables: deployed.map((t) => t.name) });
}

/**
 * The lake-tables custom resource (its own function and bundle): at deploy time, opening the lake engine runs the
 * catalog's idempotent CREATE SCHEMA/TABLE IF NOT EXISTS, the ingest code's own DDL. Delete keeps the tables.
 */
export function createLakeTablesHandler(loadConfig: () => IngestLambdaConfig) {
  let engine: DuckDbLakeEngine | undefined;

  async function handler(request: unknown, context?: Context): Promise<LakeTablesResponse> {
    const config = loadConfig();
    const log = new Logger({ serviceName: config.serviceName, logLevel: config.logLevel });
    if (context) log.addContext(context);
    checkLakeTablesRequest(request);
    if (request.RequestType === 'Delete') {
      // The tables hold the product's data: removing the stack must not drop them (the Glue database has its own policy).
      log.info('lake tables kept on Delete', { requestId: request.RequestId });
      return { PhysicalResourceId: LAKE_TABLES_RESOURCE_ID, Data: {} };
    }
    await mkdir(config.scratchDirectory, { recursive: true });
    engine ??= await openLakeEngine(lakeOptions(config));
    const opened = engine;
    const tables = await opened.withConnection(async (c) =>
      (await c.runAndReadAll(TABLES_SQL)).getRows().map(([name]) => String(name)),
    );
    const metadata = catalogMetadataOf(config);
    if (metadata) await checkDeployedSchema(metadata, log);
    log.info('lake tables ensured', {
      requestType: request.RequestType,
      requestId: request.RequestId,
      catalog: opened.catalog.sourceLabel,
      tables,
    });
    return {
      PhysicalResourceId: LAKE_TABLES_RESOURCE_ID,
      Data: { Catalog: opened.catalog.kind, Tables: tables.join(',') },
    };
  }

  /** Closes the engine (tests, local runs). */
  async function dispose(): Promise<void> {
    engine?.close();
    engine = undefined;
  }

  return { handler, dispose };
}
