import { mkdir } from 'node:fs/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { openLakeEngine } from '@instalake/composition';
import type { DuckDbLakeEngine } from '@instalake/duckdb';
import type { Context } from 'aws-lambda';
import type { IngestLambdaConfig } from './config';
import { lakeOptions } from './composition';
import { checkLakeTablesRequest, LAKE_TABLES_RESOURCE_ID, type LakeTablesResponse } from './events/lake-tables-request';

const TABLES_SQL = `SELECT table_name FROM information_schema.tables
  WHERE table_catalog = 'lake' AND table_schema = 'instagram_db' ORDER BY table_name`;

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
