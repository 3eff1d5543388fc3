import type { TableSpec } from '@instalake/lake-schema';
import { quoteLiteral } from '../sql/sql-text';
import { LAKE_ALIAS, LakeCatalog } from './lake-catalog';
import {
  AWS_REGION,
  checkStorage,
  CREDENTIAL_CHAIN,
  credentialChainSecret,
  hasStorageOverrides,
  icebergDdl,
  IcebergRuntimeOptions,
  LakeCatalogConfigError,
  requireMatch,
  runtimeStatements,
  S3_URI,
} from './iceberg-ddl';

export type IcebergRestAuth =
  | {
      readonly type: 'oauth2';
      readonly clientId: string;
      readonly clientSecret: string;
      readonly oauth2ServerUri?: string;
      readonly scope?: string;
    }
  | {
      readonly type: 'sigv4';
      readonly region: string;
      readonly credentialChain?: string;
      /** SigV4 service name, for endpoints whose host does not name it (`glue`, `s3tables`, a proxy). */
      readonly signingService?: string;
    }
  | { readonly type: 'none' };

export interface IcebergRestCatalogOptions extends IcebergRuntimeOptions {
  /** Catalog base URL, e.g. https://polaris.example.com/api/catalog. */
  readonly endpoint: string;
  /** Warehouse name or identifier the catalog expects (first argument of ATTACH). */
  readonly warehouse: string;
  readonly auth: IcebergRestAuth;
  /** Explicit table locations, for catalogs that do not assign one. */
  readonly warehouseLocation?: string;
  /** credential_chain providers for the S3 secret of a catalog that does not vend credentials (`none`, `oauth2`). */
  readonly storageCredentialChain?: string;
}

export const REST_SECRET = 'lake_iceberg';
/** The table files' secret when the catalog authenticates by other means (OAuth2, none) and vends no credentials. */
export const STORAGE_SECRET = 'lake_s3';
const URL_PATTERN = /^https?:\/\/[^\s'"]+$/;

/**
 * Any Iceberg REST catalog (Polaris, Lakekeeper, S3 Tables, Glue's REST endpoint, the Apache REST fixture) by
 * endpoint + warehouse, authenticated with OAuth2 client credentials, AWS SigV4 or nothing (a local catalog).
 */
export class IcebergRestCatalog implements LakeCatalog {
  readonly kind = 'iceberg-rest' as const;
  readonly sourceLabel: string;

  constructor(private readonly options: IcebergRestCatalogOptions) {
    requireMatch('endpoint', options.endpoint, URL_PATTERN, 'an http(s) URL');
    if (!options.warehouse?.trim())
      throw new LakeCatalogConfigError('warehouse', 'is empty: name the warehouse the catalog serves');
    if (options.warehouseLocation !== undefined)
      requireMatch('warehouseLocation', options.warehouseLocation, S3_URI, 's3://bucket/prefix');
    const auth = options.auth;
    if (auth.type === 'oauth2') {
      if (!auth.clientId || !auth.clientSecret)
        throw new LakeCatalogConfigError('auth', 'needs clientId and clientSecret for OAuth2');
      if (auth.oauth2ServerUri !== undefined)
        requireMatch('auth.oauth2ServerUri', auth.oauth2ServerUri, URL_PATTERN, 'an http(s) URL');
    } else if (auth.type === 'sigv4') {
      requireMatch('auth.region', auth.region, AWS_REGION, 'an AWS region such as eu-west-1');
      if (auth.signingService !== undefined)
        requireMatch('auth.signingService', auth.signingService, /^[a-z0-9-]+$/, 'a SigV4 service name such as glue');
    }
    for (const chain of [auth.type === 'sigv4' ? auth.credentialChain : undefined, options.storageCredentialChain])
      if (chain !== undefined)
        requireMatch('credentialChain', chain, CREDENTIAL_CHAIN, 'providers such as "env;config"');
    checkStorage(options.storage);
    this.sourceLabel = `iceberg-rest:${new URL(options.endpoint).host}/${options.warehouse}`;
  }

  attachStatements(): string[] {
    const { endpoint, warehouse, auth, storage } = this.options;
    const attach = (extra: string) =>
      `ATTACH ${quoteLiteral(warehouse)} AS ${LAKE_ALIAS} (TYPE iceberg, ENDPOINT ${quoteLiteral(endpoint)}${extra})`;
    // A catalog that signs with SigV4 reads files with the same secret; the others get one only for a store
    // that needs settings (a catalog that vends credentials brings its own).
    const storageSecret = hasStorageOverrides(storage)
      ? [
          credentialChainSecret(STORAGE_SECRET, {
            region: storage.region,
            credentialChain: this.options.storageCredentialChain,
            storage,
          }),
        ]
      : [];
    switch (auth.type) {
      case 'oauth2': {
        const optional = [
          auth.oauth2ServerUri ? `, OAUTH2_SERVER_URI ${quoteLiteral(auth.oauth2ServerUri)}` : '',
          auth.scope ? `, OAUTH2_SCOPE ${quoteLiteral(auth.scope)}` : '',
        ].join('');
        return [
          ...runtimeStatements(this.options, hasStorageOverrides(storage) ? undefined : ['httpfs', 'avro', 'iceberg']),
          ...storageSecret,
          `CREATE OR REPLACE SECRET ${REST_SECRET} (TYPE iceberg, CLIENT_ID ${quoteLiteral(auth.clientId)}, ` +
            `CLIENT_SECRET ${quoteLiteral(auth.clientSecret)}${optional})`,
          attach(`, SECRET ${quoteLiteral(REST_SECRET)}`),
        ];
      }
      case 'sigv4': {
        const signing = auth.signingService
          ? `, SIGV4_SERVICE ${quoteLiteral(auth.signingService)}, SIGV4_REGION ${quoteLiteral(auth.region)}`
          : '';
        return [
          ...runtimeStatements(this.options),
          credentialChainSecret(REST_SECRET, {
            region: auth.region,
            credentialChain: auth.credentialChain,
            storage,
          }),
          attach(`, AUTHORIZATION_TYPE 'sigv4'${signing}, SECRET ${quoteLiteral(REST_SECRET)}`),
        ];
      }
      case 'none':
        return [
          ...runtimeStatements(this.options, hasStorageOverrides(storage) ? undefined : ['httpfs', 'avro', 'iceberg']),
          ...storageSecret,
          attach(`, AUTHORIZATION_TYPE 'none'`),
        ];
    }
  }

  ddlStatements(tables: readonly TableSpec[]): string[] {
    return icebergDdl(tables, this.options.warehouseLocation);
  }
}
