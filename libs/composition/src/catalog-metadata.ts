import { GlueClient } from '@aws-sdk/client-glue';
import { GlueCatalogMetadata } from '@instalake/glue';
import type { CatalogMetadata } from '@instalake/lake-schema';

/** Where the deployed tables' metadata is read: the Glue Data Catalog (what Athena and other engines see). */
export interface CatalogMetadataChoice {
  readonly kind: 'glue';
  /** The account owning the catalog; default: the caller's. */
  readonly catalogId?: string;
  /** A Glue endpoint override (VPC endpoints, tests). */
  readonly endpoint?: string;
}

export function openCatalogMetadata(choice: CatalogMetadataChoice): CatalogMetadata {
  const client = new GlueClient(choice.endpoint ? { endpoint: choice.endpoint } : {});
  return new GlueCatalogMetadata(client, choice.catalogId ? { catalogId: choice.catalogId } : {});
}
