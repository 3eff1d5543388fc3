import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraConfigError } from './config';
import { loadOpenApiDocument } from './openapi-source';

describe('loadOpenApiDocument', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'openapi-spec-'));
    mkdirSync(join(root, 'apps', 'tool-lambda', 'src'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('prefers the configured JSON file', () => {
    const file = join(root, 'doc.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: { '/a': {} } }));
    expect(loadOpenApiDocument({ schemaFile: file, sourceRoot: root }).paths).toEqual({ '/a': {} });
  });

  it('compiles the document exported by apps/tool-lambda/src/openapi.ts', () => {
    writeFileSync(
      join(root, 'apps', 'tool-lambda', 'src', 'openapi.ts'),
      `const paths: Record<string, unknown> = { '/trends': { get: { operationId: 'trends' } } };\nexport const toolApi = { openapi: '3.0.0', info: { title: 'x', version: '1' }, paths };\n`,
    );
    expect(loadOpenApiDocument({ schemaFile: null, sourceRoot: root }).paths).toEqual({
      '/trends': { get: { operationId: 'trends' } },
    });
  });

  it('calls a builder only when its name says it builds the OpenAPI document', () => {
    writeFileSync(
      join(root, 'apps', 'tool-lambda', 'src', 'openapi.ts'),
      `export function handler() { throw new Error('must not run'); }\nexport function buildOpenApiDocument() { return { openapi: '3.0.1', paths: {} }; }\n`,
    );
    expect(loadOpenApiDocument({ schemaFile: null, sourceRoot: root }).openapi).toBe('3.0.1');
  });

  it('explains what to do when there is no document, or it is not OpenAPI 3', () => {
    expect(() => loadOpenApiDocument({ schemaFile: null, sourceRoot: root })).toThrow(
      /export the action-group document there or set agent.openApiSchemaFile/,
    );
    const file = join(root, 'swagger.json');
    writeFileSync(file, JSON.stringify({ swagger: '2.0', paths: {} }));
    expect(() => loadOpenApiDocument({ schemaFile: file, sourceRoot: root })).toThrow(InfraConfigError);
  });
});
