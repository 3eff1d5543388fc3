import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { InfraConfigError, REPO_ROOT } from './config';

export type OpenApiDocument = { openapi: string; paths: Record<string, unknown> } & Record<string, unknown>;

/**
 * The action-group OpenAPI document. Seam: a JSON file named in config wins; otherwise the document exported
 * by the tool app (apps/tool-lambda/src/openapi.ts), compiled on the fly so infra never needs it at type-check time.
 */
export function loadOpenApiDocument(options: { schemaFile: string | null; sourceRoot: string }): OpenApiDocument {
  if (options.schemaFile) {
    const file = isAbsolute(options.schemaFile) ? options.schemaFile : resolve(REPO_ROOT, options.schemaFile);
    if (!existsSync(file)) throw new InfraConfigError('agent.openApiSchemaFile', `${file} does not exist`);
    return checked(JSON.parse(readFileSync(file, 'utf8')), file);
  }
  const module = join(options.sourceRoot, 'apps', 'tool-lambda', 'src', 'openapi.ts');
  if (!existsSync(module)) {
    throw new InfraConfigError(
      'agent.openApiSchemaFile',
      `neither a schema file is configured nor ${module} exists: export the action-group document there or set agent.openApiSchemaFile`,
    );
  }
  const out = mkdtempSync(join(tmpdir(), 'instalake-openapi-'));
  try {
    const outfile = join(out, 'openapi.cjs');
    buildSync({
      entryPoints: [module],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      tsconfig: join(REPO_ROOT, 'tsconfig.base.json'),
      logLevel: 'error',
    });
    const exports = require(outfile) as Record<string, unknown>;
    const candidate =
      [exports.openApiDocument, exports.default, ...Object.values(exports)].find(
        (value) => typeof value === 'object' && value !== null && 'openapi' in value,
      ) ??
      // A builder such as buildOpenApiDocument(): only functions named for the document are called.
      Object.entries(exports)
        .filter(([name, value]) => typeof value === 'function' && /openapi/i.test(name))
        .map(([, value]) => safeCall(value))
        .find((value) => typeof value === 'object' && value !== null && 'openapi' in value);
    return checked(candidate, module);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function safeCall(fn: unknown): unknown {
  try {
    return (fn as () => unknown)();
  } catch {
    return undefined;
  }
}

function checked(document: unknown, where: string): OpenApiDocument {
  const doc = document as Partial<OpenApiDocument> | undefined;
  if (!doc || typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.') || typeof doc.paths !== 'object') {
    throw new InfraConfigError(where, 'is not an OpenAPI 3 document with paths');
  }
  return doc as OpenApiDocument;
}
