import type { TableSpec } from '@instalake/lake-schema';
import { quoteLiteral } from '../sql/sql-text';
import { LAKE_ALIAS, LakeCatalog } from './lake-catalog';
import {
  AWS_REGION,
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
}

export const GLUE_SECRET = 'lake_aws';

/**
 * The AWS Glue Data Catalog through DuckDB's iceberg extension (`ENDPOINT_TYPE glue`, SigV4). Credentials
 * come from the Lambda role via the aws extension's credential chain: no keys in configuration.
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
      requireMatch('credentialChain', options.credentialChain, /^[a-z]+(;[a-z]+)*$/, 'providers such as "env;config"');
    }
    this.sourceLabel = `iceberg-glue:${options.accountId}/${options.region}`;
  }

  attachStatements(): string[] {
    const { accountId, region, credentialChain } = this.options;
    const chain = credentialChain ? `, CHAIN ${quoteLiteral(credentialChain)}` : '';
    return [
      ...runtimeStatements(this.options),
      `CREATE OR REPLACE SECRET ${GLUE_SECRET} (TYPE s3, PROVIDER credential_chain${chain}, REGION ${quoteLiteral(region)})`,
      `ATTACH ${quoteLiteral(accountId)} AS ${LAKE_ALIAS} (TYPE iceberg, ENDPOINT_TYPE glue, SECRET ${quoteLiteral(GLUE_SECRET)})`,
    ];
  }

  ddlStatements(tables: readonly TableSpec[]): string[] {
    return icebergDdl(tables, this.options.s3Tables ? undefined : this.options.warehouseLocation);
  }
}
