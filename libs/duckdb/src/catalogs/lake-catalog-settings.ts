import 'reflect-metadata';
import { IsIn, IsNotEmpty, IsOptional, IsString, ValidateBy, ValidationArguments } from 'class-validator';
import { resolve } from 'node:path';
import type { IcebergRestAuth } from './iceberg-rest-catalog';
import type { LakeCatalogConfig } from './iceberg-catalog-config';
import type { S3StorageOptions } from './iceberg-ddl';

const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/;
const HTTP_URL = /^https?:\/\/[^\s'"]+$/;
const CHAIN = /^[a-z]+(;[a-z]+)*$/;
/** `host[:port]`, or an http(s) URL whose scheme also says whether TLS is used. */
const S3_ENDPOINT = /^(https?:\/\/)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?\/?$/;
const BOOLEAN = /^(true|false|1|0|yes|no)$/i;

export type LakeCatalogKind = LakeCatalogConfig['kind'];
export type LakeRestAuth = IcebergRestAuth['type'];

/**
 * A lake setting that only matters for some catalogs: checked (with `test`) when `applies` says so, otherwise ignored.
 * The message names the variable and the catalog that needs it, so a bad deploy says what to set.
 */
let lakeSettings = 0;
function LakeSetting(
  applies: (c: LakeCatalogSettings) => boolean,
  test: (value: unknown) => boolean,
  message: string,
): PropertyDecorator {
  return ValidateBy({
    // Unique: class-validator keys failures by name, and one property may carry a rule per catalog.
    name: `lakeSetting${++lakeSettings}`,
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        !applies(args?.object as LakeCatalogSettings) || test(value),
      defaultMessage: () => message,
    },
  });
}
const matches = (pattern: RegExp) => (value: unknown) => typeof value === 'string' && pattern.test(value);
const present = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isGlue = (c: LakeCatalogSettings) => c.lakeCatalog === 'iceberg-glue';
const isRest = (c: LakeCatalogSettings) => c.lakeCatalog === 'iceberg-rest';
const isOauth2 = (c: LakeCatalogSettings) => isRest(c) && c.lakeRestAuth === 'oauth2';
const isIceberg = (c: LakeCatalogSettings) => c.lakeCatalog !== 'local';

/**
 * The LAKE_* settings every app that opens the lake shares (ingest and tool Lambdas): which catalog, and what it
 * needs. Apps extend this class in their own config.ts, so they still read the environment once, themselves.
 */
export class LakeCatalogSettings {
  /** Local data root holding lake.duckdb (the same layout as the CLI). */
  @IsString() @IsNotEmpty() home = resolve('.instalake');
  /** `local`: `$INSTALAKE_HOME/lake.duckdb`; `iceberg-glue` (the deploy) or `iceberg-rest`: an Iceberg catalog. */
  @IsIn(['local', 'iceberg-glue', 'iceberg-rest'], {
    message: 'LAKE_CATALOG must be local, iceberg-glue or iceberg-rest',
  })
  lakeCatalog: LakeCatalogKind = 'local';
  @LakeSetting(
    isGlue,
    matches(/^\d{12}$/),
    'LAKE_ACCOUNT_ID must be the 12-digit AWS account id of the Glue catalog when LAKE_CATALOG=iceberg-glue',
  )
  lakeAccountId?: string;
  @LakeSetting(
    (c) => isGlue(c) || (isRest(c) && c.lakeRestAuth === 'sigv4'),
    matches(AWS_REGION),
    'LAKE_REGION must be an AWS region such as eu-west-1 when LAKE_CATALOG=iceberg-glue or LAKE_REST_AUTH=sigv4',
  )
  lakeRegion?: string;
  /** Glue: `s3://bucket/prefix` where table data goes; REST: the warehouse name the catalog serves. */
  @LakeSetting(
    isGlue,
    matches(S3_URI),
    'LAKE_WAREHOUSE must be s3://bucket/prefix (where table data goes) when LAKE_CATALOG=iceberg-glue',
  )
  @LakeSetting(
    isRest,
    present,
    'LAKE_WAREHOUSE must name the warehouse the catalog serves when LAKE_CATALOG=iceberg-rest',
  )
  lakeWarehouse?: string;
  /** REST catalogs that do not assign table locations: `s3://bucket/prefix`. */
  @LakeSetting(
    (c) => isRest(c) && c.lakeWarehouseLocation !== undefined,
    matches(S3_URI),
    'LAKE_WAREHOUSE_LOCATION must be s3://bucket/prefix',
  )
  lakeWarehouseLocation?: string;
  /** credential_chain providers; `env` reads the Lambda role's credentials from the environment. */
  @LakeSetting(isIceberg, matches(CHAIN), 'LAKE_CREDENTIAL_CHAIN must list providers such as "env" or "env;config"')
  lakeCredentialChain = 'env';
  @LakeSetting(
    isRest,
    matches(HTTP_URL),
    'LAKE_REST_ENDPOINT must be the http(s) URL of the Iceberg REST catalog when LAKE_CATALOG=iceberg-rest',
  )
  lakeRestEndpoint?: string;
  @LakeSetting(
    isRest,
    (v) => v === 'oauth2' || v === 'sigv4' || v === 'none',
    'LAKE_REST_AUTH must be oauth2, sigv4 or none when LAKE_CATALOG=iceberg-rest',
  )
  lakeRestAuth?: LakeRestAuth;
  @LakeSetting(isOauth2, present, 'LAKE_OAUTH2_CLIENT_ID is required when LAKE_REST_AUTH=oauth2')
  lakeOauth2ClientId?: string;
  /** Never logged; only passed to the DuckDB secret. */
  @LakeSetting(isOauth2, present, 'LAKE_OAUTH2_CLIENT_SECRET is required when LAKE_REST_AUTH=oauth2')
  lakeOauth2ClientSecret?: string;
  @LakeSetting(
    (c) => isOauth2(c) && c.lakeOauth2ServerUri !== undefined,
    matches(HTTP_URL),
    'LAKE_OAUTH2_SERVER_URI must be an http(s) URL',
  )
  lakeOauth2ServerUri?: string;
  @IsOptional() @IsString() lakeOauth2Scope?: string;
  /** SigV4 service name when the REST endpoint's host does not name one (`glue` behind a proxy, a test stand-in). */
  @LakeSetting(
    (c) => isRest(c) && c.lakeRestSigv4Service !== undefined,
    matches(/^[a-z0-9-]+$/),
    'LAKE_REST_SIGV4_SERVICE must be a SigV4 service name such as glue',
  )
  lakeRestSigv4Service?: string;
  /** Glue's Iceberg REST endpoint when not the regional default (FIPS, private, or a stand-in). */
  @LakeSetting(
    (c) => isGlue(c) && c.lakeGlueEndpoint !== undefined,
    matches(HTTP_URL),
    'LAKE_GLUE_ENDPOINT must be the http(s) URL of the Glue Iceberg REST endpoint',
  )
  lakeGlueEndpoint?: string;
  /** An S3-compatible store for the table files (MinIO, moto): `host:port` or its URL. Unset: AWS S3. */
  @LakeSetting(
    (c) => isIceberg(c) && c.lakeS3Endpoint !== undefined,
    matches(S3_ENDPOINT),
    'LAKE_S3_ENDPOINT must be host[:port] or http(s)://host[:port] of an S3-compatible store',
  )
  lakeS3Endpoint?: string;
  @LakeSetting(
    (c) => isIceberg(c) && c.lakeS3UrlStyle !== undefined,
    (v) => v === 'path' || v === 'vhost',
    'LAKE_S3_URL_STYLE must be path or vhost',
  )
  lakeS3UrlStyle?: 'path' | 'vhost';
  /** TLS to the store; default: from LAKE_S3_ENDPOINT's scheme, else true. */
  @LakeSetting(
    (c) => isIceberg(c) && c.lakeS3UseSsl !== undefined,
    matches(BOOLEAN),
    'LAKE_S3_USE_SSL must be true or false',
  )
  lakeS3UseSsl?: string;
  /** Pre-bundled DuckDB extensions (the Lambda layer); nothing is downloaded at run time. */
  @IsOptional() @IsString() @IsNotEmpty() extensionDirectory?: string;
  /** DuckDB's home (secrets, caches); must be writable. Iceberg catalogs default to `/tmp` (Lambda). */
  @IsOptional() @IsString() @IsNotEmpty() duckdbHomeDirectory?: string;

  get lakeFile(): string {
    return resolve(this.home, 'lake.duckdb');
  }
}

/** The LAKE_* (and DuckDB runtime) variables as raw values for `plainToInstance`; blank values are left out. */
export function lakeCatalogEnv(
  env: Readonly<Record<string, string | undefined>>,
): Partial<Record<keyof LakeCatalogSettings, string>> {
  const raw: Partial<Record<keyof LakeCatalogSettings, string>> = {
    home: env.INSTALAKE_HOME && resolve(env.INSTALAKE_HOME),
    lakeCatalog: env.LAKE_CATALOG?.toLowerCase(),
    lakeAccountId: env.LAKE_ACCOUNT_ID,
    lakeRegion: env.LAKE_REGION,
    lakeWarehouse: env.LAKE_WAREHOUSE,
    lakeWarehouseLocation: env.LAKE_WAREHOUSE_LOCATION,
    lakeCredentialChain: env.LAKE_CREDENTIAL_CHAIN,
    lakeRestEndpoint: env.LAKE_REST_ENDPOINT,
    lakeRestAuth: env.LAKE_REST_AUTH?.toLowerCase(),
    lakeOauth2ClientId: env.LAKE_OAUTH2_CLIENT_ID,
    lakeOauth2ClientSecret: env.LAKE_OAUTH2_CLIENT_SECRET,
    lakeOauth2ServerUri: env.LAKE_OAUTH2_SERVER_URI,
    lakeOauth2Scope: env.LAKE_OAUTH2_SCOPE,
    lakeRestSigv4Service: env.LAKE_REST_SIGV4_SERVICE?.toLowerCase(),
    lakeGlueEndpoint: env.LAKE_GLUE_ENDPOINT,
    lakeS3Endpoint: env.LAKE_S3_ENDPOINT,
    lakeS3UrlStyle: env.LAKE_S3_URL_STYLE?.toLowerCase(),
    lakeS3UseSsl: env.LAKE_S3_USE_SSL,
    extensionDirectory: env.DUCKDB_EXTENSION_DIR,
    duckdbHomeDirectory: env.DUCKDB_HOME_DIRECTORY,
  };
  for (const key of Object.keys(raw) as (keyof LakeCatalogSettings)[])
    if (raw[key] === undefined || raw[key] === '') delete raw[key];
  return raw;
}

/** Maps validated settings to the catalog the engine attaches (catalogFromConfig re-checks the values). */
export function lakeCatalogConfigFrom(
  settings: LakeCatalogSettings,
  options: { readOnly?: boolean } = {},
): LakeCatalogConfig {
  const storage = storageFrom(settings);
  const runtime = {
    extensionDirectory: settings.extensionDirectory,
    homeDirectory: settings.duckdbHomeDirectory ?? '/tmp',
    ...(storage ? { storage } : {}),
  };
  switch (settings.lakeCatalog) {
    case 'local':
      return { kind: 'local', databaseFile: settings.lakeFile, ...(options.readOnly ? { readOnly: true } : {}) };
    case 'iceberg-glue':
      return {
        kind: 'iceberg-glue',
        accountId: settings.lakeAccountId ?? '',
        region: settings.lakeRegion ?? '',
        warehouseLocation: settings.lakeWarehouse,
        credentialChain: settings.lakeCredentialChain,
        ...(settings.lakeGlueEndpoint ? { catalogEndpoint: settings.lakeGlueEndpoint } : {}),
        ...runtime,
      };
    case 'iceberg-rest':
      return {
        kind: 'iceberg-rest',
        endpoint: settings.lakeRestEndpoint ?? '',
        warehouse: settings.lakeWarehouse ?? '',
        warehouseLocation: settings.lakeWarehouseLocation,
        auth: restAuth(settings),
        ...(storage ? { storageCredentialChain: settings.lakeCredentialChain } : {}),
        ...runtime,
      };
  }
}

function restAuth(settings: LakeCatalogSettings): IcebergRestAuth {
  switch (settings.lakeRestAuth) {
    case 'oauth2':
      return {
        type: 'oauth2',
        clientId: settings.lakeOauth2ClientId ?? '',
        clientSecret: settings.lakeOauth2ClientSecret ?? '',
        ...(settings.lakeOauth2ServerUri ? { oauth2ServerUri: settings.lakeOauth2ServerUri } : {}),
        ...(settings.lakeOauth2Scope ? { scope: settings.lakeOauth2Scope } : {}),
      };
    case 'sigv4':
      return {
        type: 'sigv4',
        region: settings.lakeRegion ?? '',
        credentialChain: settings.lakeCredentialChain,
        ...(settings.lakeRestSigv4Service ? { signingService: settings.lakeRestSigv4Service } : {}),
      };
    default:
      return { type: 'none' };
  }
}

/** LAKE_S3_* as the catalogs' storage options: a URL is split into host:port and TLS (an explicit USE_SSL wins). */
export function storageFrom(settings: LakeCatalogSettings): S3StorageOptions | undefined {
  const { lakeS3Endpoint: endpoint, lakeS3UrlStyle: urlStyle, lakeS3UseSsl: useSsl } = settings;
  if (endpoint === undefined && urlStyle === undefined && useSsl === undefined) return undefined;
  const scheme = endpoint ? /^(https?):\/\//i.exec(endpoint)?.[1]?.toLowerCase() : undefined;
  const storage: { -readonly [K in keyof S3StorageOptions]: S3StorageOptions[K] } = {};
  if (endpoint) storage.endpoint = endpoint.replace(/^https?:\/\//i, '').replace(/\/$/, '');
  if (urlStyle) storage.urlStyle = urlStyle;
  if (useSsl !== undefined) storage.useSsl = /^(true|1|yes)$/i.test(useSsl);
  else if (scheme) storage.useSsl = scheme === 'https';
  if (settings.lakeRegion) storage.region = settings.lakeRegion;
  return storage;
}
