import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { filesBesideBundle, LAMBDA_ENTRY_POINTS, lambdaBundling, type LambdaName } from '@instalake/lambda-bundle';
import { InfraConfigError, REPO_ROOT } from './config';

export interface AppFunctionProps {
  /** Which handler (LAMBDA_ENTRY_POINTS: its app and entry file). */
  readonly handler: LambdaName;
  /** Repo root holding the entry points (tests use infra/test-fixtures). */
  readonly sourceRoot: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
  readonly layers?: lambda.ILayerVersion[];
  readonly reservedConcurrentExecutions?: number;
  readonly description: string;
}

export function entryOf(sourceRoot: string, handler: LambdaName): string {
  return join(sourceRoot, LAMBDA_ENTRY_POINTS[handler]);
}

/**
 * One handler as a Node.js 22 arm64 function, bundled locally by esbuild (no Docker) with the one set of options
 * the smoke tests bundle with too (`lambdaBundling`); DuckDB comes from the layer.
 */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const entry = entryOf(props.sourceRoot, props.handler);
    if (!existsSync(entry)) {
      throw new InfraConfigError(
        props.handler,
        `entry point ${entry} does not exist: write it (it exports handler) or pass -c sourceRoot=...`,
      );
    }
    const { format, ...bundling } = lambdaBundling(REPO_ROOT);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: retentionOf(props.logRetentionDays) });
    this.fn = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      layers: props.layers,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        ...bundling,
        format: format as OutputFormat,
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            filesBesideBundle(REPO_ROOT).map(
              (file) => `cp ${shellQuote(file.source)} ${shellQuote(join(outputDir, file.name))}`,
            ),
        },
      },
    });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function retentionOf(days: number): logs.RetentionDays {
  const known = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');
  if (!known.includes(days))
    throw new InfraConfigError('lambda.logRetentionDays', `${days} is not a CloudWatch retention (e.g. 14, 30, 90)`);
  return days as logs.RetentionDays;
}
