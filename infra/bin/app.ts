import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadEnvironmentConfig } from '../lib/config';
import { InstalakeStack } from '../lib/instalake-stack';

const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const config = loadEnvironmentConfig({
  env: context('env'),
  account: context('account'),
  sourceRoot: context('sourceRoot'),
  offline: context('offline'),
  duckdbExtensionsDir: context('duckdbExtensionsDir'),
  apiAuth: context('apiAuth'),
  cognitoUserPoolArn: context('cognitoUserPoolArn'),
  scraperBuckets: context('scraperBuckets'),
});

new InstalakeStack(app, `Instalake-${config.envName}`, {
  config,
  env: { account: config.account, region: config.region },
  description: `Instalake ${config.envName}: Instagram restaurant lake, Bedrock agent and query API`,
  tags: { project: 'instalake', environment: config.envName },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
