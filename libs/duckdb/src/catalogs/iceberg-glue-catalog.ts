import type { TableSpec } from '@instalake/lake-schema';
import { quoteLiteral } from '../sql/sql-text';
import { LAKE_ALIAS, LakeCatalog } from './lake-catalog';
import {
  AWS_REGION,
  checkStorage,
  CREDENTIAL_CHAIN,
  credentialChainSecret,
  icebergDdl,
  IcebergRuntimeOptions,
  LakeCatalogConfigError,
  requireMatch,
  runtimeStatements,
  S3_URI,
} from './iceberg-ddl';

export interface IcebergGlueCatalogOptions extends IcebergRuntimeOptions {
  /** 12-digit AWS account whose Glue Data Catalog holds `instagram_db`. */
  readonly accountId: string;
  readonly region: string;
  /**
   * `s3://bucket/prefix` under which each table gets `instagram_db/<table>`. Required on plain Glue (it does
   * not choose a location); omit only for an S3 Tables federated catalog.
   */
  readonly warehouseLocation?: string;
  /** Glue catalog federated by S3 Tables: tables get their location from the catalog. */
  readonly s3Tables?: boolean;
  /** credential_chain providers (e.g. `env` in Lambda); default: DuckDB's full chain. */
  readonly credentialChain?: string;
  /**
   * Glue's Iceberg REST endpoint, when not `https://glue.<region>.amazonaws.com/iceberg` (a FIPS or private
   * endpoint, or a local stand-in in tests). The ATTACH then spells out what `ENDPOINT_TYPE glue` implies:
   * SigV4 for service `glue` in `region`, Glue's defaults for staged creates, purges and file removal, and
   * one commit per table.
   */
  readonly catalogEndpoint?: string;
}

export const GLUE_SECRET = 'lake_aws';
const URL_PATTERN = /^https?:\/\/[^\s'"]+$/;

/**
 * The AWS Glue Data Catalog through DuckDB's iceberg extension (`ENDPOINT_TYPE glue`, SigV4). Credentials
 * come from the Lambda role via the aws extension's credential chain: no keys in configuration. The same
 * secret signs the catalog requests and reads and writes the table files.
 */
export class IcebergGlueCatalog implements LakeCatalog {
  readonly kind = 'iceberg-glue' as const;
  readonly sourceLabel: string;

  constructor(private readonly options: IcebergGlueCatalogOptions) {
    requireMatch('accountId', options.accountId, /^\d{12}$/, 'a 12-digit AWS account id');
    requireMatch('region', options.region, AWS_REGION, 'an AWS region such as eu-west-1');
    if (options.warehouseLocation !== undefined) {
      requireMatch('warehouseLocation', options.warehouseLocation, S3_URI, 's3://bucket/prefix');
    } else if (!options.s3Tables) {
      throw new LakeCatalogConfigError(
        'warehouseLocation',
        'is missing: Glue without S3 Tables needs s3://bucket/prefix for table data',
      );
    }
    if (options.credentialChain !== undefined) {
      requireMatch('credentialChain', options.credentialChain, CREDENTIAL_CHAIN, 'providers such as "env;config"');
    }
    if (options.catalogEndpoint !== undefined)
      requireMatch('catalogEndpoint', options.catalogEndpoint, URL_PATTERN, 'an http(s) URL');
    checkStorage(options.storage);
    this.sourceLabel = `iceberg-glue:${options.accountId}/${options.region}`;
  }

  attachStatements(): string[] {
    const { accountId, region, credentialChain, catalogEndpoint, storage } = this.options;
    // ENDPOINT_TYPE glue takes its signing region from this secret, so it is the catalog's region.
    const secret = credentialChainSecret(GLUE_SECRET, { region, credentialChain, storage });
    const endpoint = catalogEndpoint
      ? `ENDPOINT ${quoteLiteral(catalogEndpoint)}, AUTHORIZATION_TYPE 'sigv4', SIGV4_SERVICE 'glue', ` +
        `SIGV4_REGION ${quoteLiteral(region)}, STAGE_CREATE_TABLES false, REMOVE_FILES_ON_DELETE false, ` +
        // Glue has no multi-table commit endpoint: ENDPOINT_TYPE glue commits table by table, and so does this.
        `PURGE_REQUESTED true, DISABLE_MULTI_TABLE_COMMIT true`
      : 'ENDPOINT_TYPE glue';
    return [
      ...runtimeStatements(this.options),
      secret,
      `ATTACH ${quoteLiteral(accountId)} AS ${LAKE_ALIAS} (TYPE iceberg, ${endpoint}, SECRET ${quoteLiteral(GLUE_SECRET)})`,
    ];
  }

  ddlStatements(tables: readonly TableSpec[]): string[] {
    return icebergDdl(tables, this.options.s3Tables ? undefined : this.options.warehouseLocation);
  }
}
