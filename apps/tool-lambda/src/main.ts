import { loadToolLambdaConfig } from './config';
import { createToolHandler } from './tool-handler';

/** Lambda entry point (bundled by esbuild): Bedrock Agent action-group events -> GuardSql / GetTrends. */
const toolLambda = createToolHandler(() => loadToolLambdaConfig());

export const handler = toolLambda.handler;
/** Releases the lake file (local replays and tests). */
export const dispose = toolLambda.dispose;
