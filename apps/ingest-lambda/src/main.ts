import { loadIngestLambdaConfig } from './config';
import { createIngestHandler } from './ingest-handler';

/** Lambda entry point (bundled by esbuild): S3 / SQS / EventBridge upload events -> IngestCsvFile. */
const ingestLambda = createIngestHandler(() => loadIngestLambdaConfig());

export const handler = ingestLambda.handler;
/** Releases the lake file (local replays and tests). */
export const dispose = ingestLambda.dispose;
