import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContextOverrides, INFRA_ROOT, loadEnvironmentConfig } from '../lib/config';
import { InstalakeStack } from '../lib/instalake-stack';
import { loadOpenApiDocument } from '../lib/openapi-source';

export const FIXTURE_ROOT = join(INFRA_ROOT, 'test-fixtures');

/**
 * Builds the stack against the fixture handlers and OpenAPI file, offline, with bundling skipped
 * (`aws:cdk:bundling-stacks: []`) so assertion tests stay fast; one separate test really bundles.
 */
export function buildStack(overrides: ContextOverrides = {}, options: { bundle?: boolean; outdir?: string } = {}) {
  const config = loadEnvironmentConfig(
    {
      env: 'dev',
      account: '123456789012',
      sourceRoot: FIXTURE_ROOT,
      offline: true,
      openApiSchemaFile: join(FIXTURE_ROOT, 'openapi.json'),
      ...overrides,
    },
    {},
  );
  const app = new App({ outdir: options.outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const openApi = loadOpenApiDocument({ schemaFile: config.agent.openApiSchemaFile, sourceRoot: config.sourceRoot });
  const stack = new InstalakeStack(app, `Instalake-${config.envName}`, {
    config,
    openApi,
    env: { account: config.account, region: config.region },
  });
  return { app, stack, config, openApi, template: () => Template.fromStack(stack) };
}
