import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { Equals, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync, ValidateBy, ValidationArguments } from 'class-validator';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/;
const HTTP_URL = /^https?:\/\/[^\s'"]+$/;
const CHAIN = /^[a-z]+(;[a-z]+)*$/;

export type LakeCatalogKind = 'local' | 'iceberg-glue' | 'iceberg-rest';
export type LakeRestAuth = 'oauth2' | 'sigv4' | 'none';

/**
 * A lake setting that only matters for some catalogs: checked (with `test`) when `applies` says so, otherwise ignored.
 * The message names the variable and the catalog that needs it, so a bad deploy says what to set.
 */
let lakeSettings = 0;
function LakeSetting(applies: (c: ToolLambdaConfig) => boolean, test: (value: unknown) => boolean, message: string): PropertyDecorator {
  return ValidateBy({
    // Unique: class-validator keys failures by name, and one property may carry a rule per catalog.
    name: `lakeSetting${++lakeSettings}`,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => !applies(args?.object as ToolLambdaConfig) || test(value),
      defaultMessage: () => message,
    },
  });
}
const matches = (pattern: RegExp) => (value: unknown) => typeof value === 'string' && pattern.test(value);
const present = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isGlue = (c: ToolLambdaConfig) => c.lakeCatalog === 'iceberg-glue';
const isRest = (c: ToolLambdaConfig) => c.lakeCatalog === 'iceberg-rest';
const isOauth2 = (c: ToolLambdaConfig) => isRest(c) && c.lakeRestAuth === 'oauth2';
const isIceberg = (c: ToolLambdaConfig) => c.lakeCatalog !== 'local';

const optionalNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The tool Lambda's configuration, read from the environment once (nothing else reads process.env). */
export class ToolLambdaConfig {
  /** Local data root holding lake.duckdb (the same layout as the CLI). */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  /** `local`: `$INSTALAKE_HOME/lake.duckdb`; `iceberg-glue` (the deploy) or `iceberg-rest`: an Iceberg catalog. */
  @IsIn(['local', 'iceberg-glue', 'iceberg-rest'], { message: 'LAKE_CATALOG must be local, iceberg-glue or iceberg-rest' })
  lakeCatalog: LakeCatalogKind = 'local';
  @LakeSetting(isGlue, matches(/^\d{12}$/), 'LAKE_ACCOUNT_ID must be the 12-digit AWS account id of the Glue catalog when LAKE_CATALOG=iceberg-glue')
  lakeAccountId?: string;
  @LakeSetting(
    (c) => isGlue(c) || (isRest(c) && c.lakeRestAuth === 'sigv4'),
    matches(AWS_REGION),
    'LAKE_REGION must be an AWS region such as eu-west-1 when LAKE_CATALOG=iceberg-glue or LAKE_REST_AUTH=sigv4',
  )
  lakeRegion?: string;
  /** Glue: `s3://bucket/prefix` where table data goes; REST: the warehouse name the catalog serves. */
  @LakeSetting(isGlue, matches(S3_URI), 'LAKE_WAREHOUSE must be s3://bucket/prefix (where table data goes) when LAKE_CATALOG=iceberg-glue')
  @LakeSetting(isRest, present, 'LAKE_WAREHOUSE must name the warehouse the catalog serves when LAKE_CATALOG=iceberg-rest')
  lakeWarehouse?: string;
  /** REST catalogs that do not assign table locations: `s3://bucket/prefix`. */
  @LakeSetting((c) => isRest(c) && c.lakeWarehouseLocation !== undefined, matches(S3_URI), 'LAKE_WAREHOUSE_LOCATION must be s3://bucket/prefix')
  lakeWarehouseLocation?: string;
  /** credential_chain providers; `env` reads the Lambda role's credentials from the environment. */
  @LakeSetting(isIceberg, matches(CHAIN), 'LAKE_CREDENTIAL_CHAIN must list providers such as "env" or "env;config"')
  lakeCredentialChain = 'env';
  @LakeSetting(isRest, matches(HTTP_URL), 'LAKE_REST_ENDPOINT must be the http(s) URL of the Iceberg REST catalog when LAKE_CATALOG=iceberg-rest')
  lakeRestEndpoint?: string;
  @LakeSetting(isRest, (v) => v === 'oauth2' || v === 'sigv4' || v === 'none', 'LAKE_REST_AUTH must be oauth2, sigv4 or none when LAKE_CATALOG=iceberg-rest')
  lakeRestAuth?: LakeRestAuth;
  @LakeSetting(isOauth2, present, 'LAKE_OAUTH2_CLIENT_ID is required when LAKE_REST_AUTH=oauth2')
  lakeOauth2ClientId?: string;
  /** Never logged; only passed to the DuckDB secret. */
  @LakeSetting(isOauth2, present, 'LAKE_OAUTH2_CLIENT_SECRET is required when LAKE_REST_AUTH=oauth2')
  lakeOauth2ClientSecret?: string;
  @LakeSetting((c) => isOauth2(c) && c.lakeOauth2ServerUri !== undefined, matches(HTTP_URL), 'LAKE_OAUTH2_SERVER_URI must be an http(s) URL')
  lakeOauth2ServerUri?: string;
  @IsOptional() @IsString() lakeOauth2Scope?: string;
  /** DuckDB's home (secrets, caches); must be writable. Iceberg catalogs default to `/tmp` (Lambda), local to the scratch directory. */
  @IsOptional() @IsString() @IsNotEmpty() duckdbHomeDirectory?: string;
  /** The tool Lambda only ever reads the lake; the stack says so explicitly and anything else is a wiring mistake. */
  @Equals(true, { message: 'LAKE_READ_ONLY must be true (or unset): the tool Lambda never writes the lake' }) lakeReadOnly = true;
  /** memory_limit of the query sandbox. */
  @Matches(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, { message: 'DUCKDB_MEMORY_LIMIT must look like 512MB or 1GB' })
  memoryLimit = '512MB';
  @Transform(optionalNumber) @IsInt({ message: 'DUCKDB_THREADS must be a whole number' }) @Min(1) @Max(16) threads = 2;
  /** Row cap of /query_* (the model's own smaller LIMIT is kept). */
  @Transform(optionalNumber) @IsInt({ message: 'QUERY_MAX_ROWS must be a whole number' }) @Min(1) @Max(10_000) maxRows = 100;
  @Transform(optionalNumber) @IsInt({ message: 'QUERY_TIMEOUT_MS must be a whole number' }) @Min(100) @Max(300_000) timeoutMs = 10_000;
  /** Response body budget in bytes: Bedrock Agents accept about 25 KB per action-group response. */
  @Transform(optionalNumber) @IsInt({ message: 'RESPONSE_MAX_BYTES must be a whole number' }) @Min(1_000) @Max(25_000)
  maxBodyBytes = 20_000;
  @IsString() @IsNotEmpty() scratchDirectory = join(tmpdir(), 'instalake');
  @IsOptional() @IsString() extensionDirectory?: string;
  @IsIn(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'], { message: 'LOG_LEVEL must be DEBUG, INFO, WARN, ERROR or SILENT' })
  logLevel: LogLevel = 'INFO';

  get lakeFile(): string {
    return resolve(this.home, 'lake.duckdb');
  }
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadToolLambdaConfig(env: NodeJS.ProcessEnv = process.env): ToolLambdaConfig {
  const raw: Record<string, unknown> = {};
  const set = (key: keyof ToolLambdaConfig, value: string | undefined) => {
    if (value !== undefined && value !== '') raw[key] = value;
  };
  set('home', env.INSTALAKE_HOME && resolve(env.INSTALAKE_HOME));
  set('lakeCatalog', env.LAKE_CATALOG?.toLowerCase());
  set('lakeAccountId', env.LAKE_ACCOUNT_ID);
  set('lakeRegion', env.LAKE_REGION);
  set('lakeWarehouse', env.LAKE_WAREHOUSE);
  set('lakeWarehouseLocation', env.LAKE_WAREHOUSE_LOCATION);
  set('lakeCredentialChain', env.LAKE_CREDENTIAL_CHAIN);
  set('lakeRestEndpoint', env.LAKE_REST_ENDPOINT);
  set('lakeRestAuth', env.LAKE_REST_AUTH?.toLowerCase());
  set('lakeOauth2ClientId', env.LAKE_OAUTH2_CLIENT_ID);
  set('lakeOauth2ClientSecret', env.LAKE_OAUTH2_CLIENT_SECRET);
  set('lakeOauth2ServerUri', env.LAKE_OAUTH2_SERVER_URI);
  set('lakeOauth2Scope', env.LAKE_OAUTH2_SCOPE);
  set('duckdbHomeDirectory', env.DUCKDB_HOME_DIRECTORY);
  if (env.LAKE_READ_ONLY !== undefined && env.LAKE_READ_ONLY !== '') raw.lakeReadOnly = /^(1|true|yes)$/i.test(env.LAKE_READ_ONLY);
  set('memoryLimit', env.DUCKDB_MEMORY_LIMIT);
  set('threads', env.DUCKDB_THREADS);
  set('maxRows', env.QUERY_MAX_ROWS);
  set('timeoutMs', env.QUERY_TIMEOUT_MS);
  set('maxBodyBytes', env.RESPONSE_MAX_BYTES);
  set('scratchDirectory', env.INSTALAKE_SCRATCH_DIR && resolve(env.INSTALAKE_SCRATCH_DIR));
  set('extensionDirectory', env.DUCKDB_EXTENSION_DIR);
  set('logLevel', env.LOG_LEVEL?.toUpperCase());
  const config = plainToInstance(ToolLambdaConfig, raw);
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(`Invalid tool Lambda configuration: ${errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')}`);
  }
  return config;
}
