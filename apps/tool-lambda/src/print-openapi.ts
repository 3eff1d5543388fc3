/**
 * Prints the action group's OpenAPI document as JSON (for tools outside TypeScript):
 *   node tools/scripts/run-ts.mjs apps/tool-lambda/src/print-openapi.ts > openapi.json
 * infra imports `toolOpenApiDocument` from '@instalake/transport' directly.
 */
import { toolOpenApiDocument } from '@instalake/transport';

process.stdout.write(`${JSON.stringify(toolOpenApiDocument(), null, 2)}\n`);
