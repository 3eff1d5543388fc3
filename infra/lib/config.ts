import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InstalakeError } from '@instalake/errors';

/** infra/ itself: from source (jest) it is ../ of lib; the bundled app (scripts/run-app.mjs) gets it defined. */
export const INFRA_ROOT = process.env.INSTALAKE_INFRA_ROOT ?? resolve(__dirname, '..');
export const REPO_ROOT = resolve(INFRA_ROOT, '..');

export type ApiAuth = 'apiKey' | 'iam' | 'cognito';
export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface EnvironmentConfig {
  readonly envName: string;
  readonly account?: string;
  readonly region: string;
  /** Prefix for every physical name (buckets get account and region appended for global uniqueness). */
  readonly namePrefix: string;
  /** prod keeps buckets and the Glue database when the stack is deleted. */
  readonly retainData: boolean;
  /** Buckets the scrapers already write to; their `uploads/*.csv` also trigger ingestion. */
  readonly existingScraperBuckets: readonly string[];
  readonly lambda: {
    readonly logRetentionDays: number;
    readonly ingestMemoryMb: number;
    readonly ingestTimeoutSeconds: number;
    readonly toolMemoryMb: number;
    readonly toolTimeoutSeconds: number;
  };
  readonly agent: {
    readonly foundationModelId: string;
    readonly embeddingModelId: string;
    readonly embeddingDimensions: number;
  };
  readonly api: {
    readonly auth: ApiAuth;
    readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
    readonly quota: { readonly limit: number; readonly period: QuotaPeriod };
    /** Required when auth is cognito: the user pool whose tokens may call the API. */
    readonly cognitoUserPoolArn: string | null;
  };
  /** Where app entry points live (repo root); tests point it at infra/test-fixtures. */
  readonly sourceRoot: string;
  /**
   * No DuckDB extension server (CI, tests): the layer still gets the arm64 binding from the npm registry, but the
   * extensions only come from `duckdbExtensionsDir`; without it they are skipped and the synth warns.
   */
  readonly offline: boolean;
  /** Pinned `<name>.duckdb_extension` files (linux_arm64) to ship instead of downloading them; null: download. */
  readonly duckdbExtensionsDir: string | null;
}

export class InfraConfigError extends InstalakeError {
  constructor(where: string, problem: string) {
    super('INFRA_CONFIG', `Invalid deployment configuration (${where}): ${problem}`);
  }
}

/** Context keys a caller (cdk -c, tests) may set on top of config/<env>.json. */
export interface ContextOverrides {
  readonly env?: string;
  readonly account?: string;
  readonly sourceRoot?: string;
  readonly offline?: string | boolean;
  /** Directory of pinned DuckDB extension files (else INSTALAKE_DUCKDB_EXTENSIONS_DIR). */
  readonly duckdbExtensionsDir?: string;
  readonly apiAuth?: string;
  readonly cognitoUserPoolArn?: string;
  /** Comma-separated existing scraper bucket names (adds to the config file's list). */
  readonly scraperBuckets?: string;
}

export function loadEnvironmentConfig(
  overrides: ContextOverrides,
  environment: NodeJS.ProcessEnv = process.env,
): EnvironmentConfig {
  const envName = overrides.env ?? 'dev';
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(envName))
    throw new InfraConfigError('env', `"${envName}" is not an environment name`);
  const file = join(INFRA_ROOT, 'config', `${envName}.json`);
  if (!existsSync(file)) throw new InfraConfigError('env', `no ${file}; create it from config/dev.json`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Omit<
    EnvironmentConfig,
    'sourceRoot' | 'offline' | 'duckdbExtensionsDir'
  >;
  const offlineFlag = overrides.offline ?? environment.INSTALAKE_OFFLINE ?? environment.CI;
  const extensionsDir = overrides.duckdbExtensionsDir ?? environment.INSTALAKE_DUCKDB_EXTENSIONS_DIR;
  const config: EnvironmentConfig = {
    ...raw,
    account: overrides.account ?? raw.account ?? environment.CDK_DEFAULT_ACCOUNT,
    existingScraperBuckets: [
      ...raw.existingScraperBuckets,
      ...(overrides.scraperBuckets ?? '')
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ],
    region: raw.region ?? environment.CDK_DEFAULT_REGION,
    api: {
      ...raw.api,
      auth: (overrides.apiAuth as ApiAuth | undefined) ?? raw.api.auth,
      cognitoUserPoolArn: overrides.cognitoUserPoolArn ?? raw.api.cognitoUserPoolArn,
    },
    sourceRoot: overrides.sourceRoot ? absolute(overrides.sourceRoot) : REPO_ROOT,
    offline:
      offlineFlag !== undefined &&
      offlineFlag !== false &&
      offlineFlag !== 'false' &&
      offlineFlag !== '0' &&
      offlineFlag !== '',
    duckdbExtensionsDir: extensionsDir ? absolute(extensionsDir) : null,
  };
  if (
    config.duckdbExtensionsDir !== null &&
    !(existsSync(config.duckdbExtensionsDir) && statSync(config.duckdbExtensionsDir).isDirectory())
  ) {
    throw new InfraConfigError(
      'duckdbExtensionsDir',
      `${config.duckdbExtensionsDir} is not a directory; point INSTALAKE_DUCKDB_EXTENSIONS_DIR or -c duckdbExtensionsDir at the pinned *.duckdb_extension files`,
    );
  }
  validate(config, file);
  return config;
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

function validate(c: EnvironmentConfig, file: string): void {
  const fail = (problem: string) => {
    throw new InfraConfigError(file, problem);
  };
  if (!/^[a-z][a-z0-9-]{2,30}$/.test(c.namePrefix))
    fail(`namePrefix "${c.namePrefix}" must be lower-case letters, digits and dashes (3-31)`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(c.region ?? '')) fail(`region "${c.region}" is not an AWS region`);
  if (c.account !== undefined && !/^\d{12}$/.test(c.account))
    fail(`account "${c.account}" is not a 12-digit account id`);
  for (const bucket of c.existingScraperBuckets) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      fail(`existingScraperBuckets entry "${bucket}" is not a bucket name`);
  }
  if (!['apiKey', 'iam', 'cognito'].includes(c.api.auth))
    fail(`api.auth "${c.api.auth}" must be apiKey, iam or cognito`);
  if (c.api.auth === 'cognito' && !c.api.cognitoUserPoolArn)
    fail('api.auth is cognito but api.cognitoUserPoolArn is not set');
  if (c.api.throttle.rateLimit <= 0 || c.api.throttle.burstLimit <= 0) fail('api.throttle limits must be positive');
  if (c.api.quota.limit <= 0 || !['DAY', 'WEEK', 'MONTH'].includes(c.api.quota.period))
    fail('api.quota needs a positive limit and DAY, WEEK or MONTH');
  if (!/^[a-z0-9.-]+:[a-z0-9.:-]+$/.test(c.agent.foundationModelId))
    fail(`agent.foundationModelId "${c.agent.foundationModelId}" is not a model id`);
  if (![256, 512, 1024].includes(c.agent.embeddingDimensions))
    fail('agent.embeddingDimensions must be 256, 512 or 1024 (Titan v2)');
}
