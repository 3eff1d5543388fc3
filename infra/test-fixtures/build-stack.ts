import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContextOverrides, INFRA_ROOT, loadEnvironmentConfig } from '../lib/config';
import { InstalakeStack } from '../lib/instalake-stack';

export const FIXTURE_ROOT = join(INFRA_ROOT, 'test-fixtures');

/**
 * Builds the stack against the fixture handlers, offline, with bundling skipped
 * (`aws:cdk:bundling-stacks: []`) so assertion tests stay fast; one separate test really bundles.
 */
export function buildStack(overrides: ContextOverrides = {}, options: { bundle?: boolean; outdir?: string } = {}) {
  const config = loadEnvironmentConfig(
    {
      env: 'dev',
      account: '123456789012',
      sourceRoot: FIXTURE_ROOT,
      offline: true,
      ...overrides,
    },
    {},
  );
  const app = new App({ outdir: options.outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const stack = new InstalakeStack(app, `Instalake-${config.envName}`, {
    config,
    env: { account: config.account, region: config.region },
  });
  return { app, stack, config, template: () => Template.fromStack(stack) };
}
