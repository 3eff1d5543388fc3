import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEnvironmentConfig } from '../lib/config';
import { InstalakeStack } from '../lib/instalake-stack';
import { loadOpenApiDocument } from '../lib/openapi-source';

const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const config = loadEnvironmentConfig({
  env: context('env'),
  account: context('account'),
  sourceRoot: context('sourceRoot'),
  offline: context('offline'),
  duckdbExtensionsDir: context('duckdbExtensionsDir'),
  openApiSchemaFile: context('openApiSchemaFile'),
  apiAuth: context('apiAuth'),
  cognitoUserPoolArn: context('cognitoUserPoolArn'),
  scraperBuckets: context('scraperBuckets'),
});
const openApi = loadOpenApiDocument({ schemaFile: config.agent.openApiSchemaFile, sourceRoot: config.sourceRoot });

new InstalakeStack(app, `Instalake-${config.envName}`, {
  config,
  openApi,
  env: { account: config.account, region: config.region },
  description: `Instalake ${config.envName}: Instagram restaurant lake, Bedrock agent and query API`,
  tags: { project: 'instalake', environment: config.envName },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
