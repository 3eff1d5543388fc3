import type { LakeCatalog } from './lake-catalog';
import { LocalCatalog } from './local-catalog';
import { IcebergGlueCatalog, IcebergGlueCatalogOptions } from './iceberg-glue-catalog';
import { IcebergRestCatalog, IcebergRestCatalogOptions } from './iceberg-rest-catalog';
import { LakeCatalogConfigError } from './iceberg-ddl';

/** What an app's validated config says about the lake; apps map their env to this, nothing here reads env. */
export type LakeCatalogConfig =
  | { readonly kind: 'local'; readonly databaseFile: string; readonly readOnly?: boolean }
  | ({ readonly kind: 'iceberg-glue' } & IcebergGlueCatalogOptions)
  | ({ readonly kind: 'iceberg-rest' } & IcebergRestCatalogOptions);

export function catalogFromConfig(config: LakeCatalogConfig): LakeCatalog {
  switch (config.kind) {
    case 'local':
      if (!config.databaseFile)
        throw new LakeCatalogConfigError('databaseFile', 'is empty: give the local lake file path');
      return new LocalCatalog(config.databaseFile, config.readOnly ?? false);
    case 'iceberg-glue':
      return new IcebergGlueCatalog(config);
    case 'iceberg-rest':
      return new IcebergRestCatalog(config);
    default:
      throw new LakeCatalogConfigError(
        'kind',
        `is "${(config as { kind?: string }).kind}": expected local, iceberg-glue or iceberg-rest`,
      );
  }
}
