import { TOOL_OPERATIONS } from './tool-operations';

const responseSchema = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', description } } },
});

export type OpenApiDocument = { openapi: string; paths: Record<string, unknown> } & Record<string, unknown>;

/** The OpenAPI 3 document the Bedrock Agent's action group is created with: infra imports it from here. */
export function toolOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  for (const op of TOOL_OPERATIONS) {
    paths[op.path] = {
      [op.method.toLowerCase()]: {
        operationId: op.operationId,
        summary: op.summary,
        description: op.description,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(
                  op.parameters.map((p) => [p.name, { type: p.type, description: p.description }]),
                ),
                required: op.parameters.filter((p) => p.required).map((p) => p.name),
              },
            },
          },
        },
        responses: {
          '200': responseSchema(
            op.path === '/get_trends'
              ? 'Trends report: city, window, hashtags, patterns, dataPoints, confidence, definitions.'
              : 'Query result: columns, data (rows as arrays), row_count, truncated, source; note when rows were trimmed.',
          ),
          '400': responseSchema('Refused or failed request: error.code and error.message say what to change.'),
          '404': responseSchema('Unknown path.'),
          '408': responseSchema('The query ran past the time limit and was cancelled.'),
        },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: {
      title: 'Instalake analytics tools',
      version: '1.0.0',
      description:
        'Read-only SQL over scraped Instagram restaurant data and trend reports, for the Instalake Bedrock Agent.',
    },
    paths,
  };
}
