import { InstalakeError } from '@instalake/errors';

import {
  EntityNotFoundException,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  type Table,
} from '@aws-sdk/client-glue';
import type { CatalogColumn, CatalogMetadata, CatalogTable } from '@instalake/lake-schema';

export interface GlueCatalogMetadataOptions {
  /** Account id owning the catalog; default: the caller's. */
  readonly catalogId?: string;
}

/** Reads table and column metadata from the AWS Glue Data Catalog (GetTables / GetTable). */
export class GlueCatalogMetadata implements CatalogMetadata {
  constructor(
    private readonly client: GlueClient,
    private readonly options: GlueCatalogMetadataOptions = {},
  ) {}

  async listTables(namespace: string): Promise<CatalogTable[]> {
    const tables: CatalogTable[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(`list tables of ${namespace}`, () =>
        this.client.send(
          new GetTablesCommand({ DatabaseName: namespace, CatalogId: this.options.catalogId, NextToken: nextToken }),
        ),
      );
      for (const table of page.TableList ?? []) tables.push(toCatalogTable(namespace, table));
      nextToken = page.NextToken;
    } while (nextToken);
    return tables;
  }

  async getTable(namespace: string, name: string): Promise<CatalogTable | undefined> {
    try {
      const result = await this.client.send(
        new GetTableCommand({ DatabaseName: namespace, Name: name, CatalogId: this.options.catalogId }),
      );
      return result.Table ? toCatalogTable(namespace, result.Table) : undefined;
    } catch (error) {
      if (error instanceof EntityNotFoundException || (error as { name?: string }).name === 'EntityNotFoundException')
        return undefined;
      throw new GlueCatalogError(`read table ${namespace}.${name}`, error);
    }
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new GlueCatalogError(what, error);
    }
  }
}

function toCatalogTable(namespace: string, table: Table): CatalogTable {
  const columns: CatalogColumn[] = [
    ...(table.StorageDescriptor?.Columns ?? []).map((c) => ({
      name: c.Name ?? '',
      type: c.Type ?? '',
      comment: c.Comment,
    })),
    ...(table.PartitionKeys ?? []).map((c) => ({
      name: c.Name ?? '',
      type: c.Type ?? '',
      comment: c.Comment,
      partitionKey: true,
    })),
  ];
  return {
    namespace: table.DatabaseName ?? namespace,
    name: table.Name ?? '',
    tableType: table.Parameters?.table_type ?? table.TableType,
    location: table.StorageDescriptor?.Location,
    columns,
  };
}

export class GlueCatalogError extends InstalakeError {
  constructor(what: string, cause: unknown) {
    const name = (cause as { name?: string })?.name ?? 'Error';
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const hint =
      name === 'AccessDeniedException'
        ? ' Grant the function glue:GetTables and glue:GetTable on the catalog, database and tables.'
        : name === 'EntityNotFoundException'
          ? ' Deploy the stack first: it creates the Glue database instagram_db.'
          : ' Check the region and network access to Glue.';
    super('GLUE_CATALOG_UNAVAILABLE', `Could not ${what} in the Glue Data Catalog (${name}: ${detail}).${hint}`, {
      cause,
    });
  }
}
