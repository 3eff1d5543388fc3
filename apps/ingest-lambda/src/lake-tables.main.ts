import { loadIngestLambdaConfig } from './config';
import { createLakeTablesHandler } from './lake-tables-handler';

/** Lambda entry point of the lake-tables custom resource (its own bundle): CloudFormation event -> lake DDL. */
const lakeTables = createLakeTablesHandler(() => loadIngestLambdaConfig());

export const handler = lakeTables.handler;
/** Releases the lake file (local runs and tests). */
export const dispose = lakeTables.dispose;
