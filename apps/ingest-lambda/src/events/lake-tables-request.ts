import { InstalakeError } from '@instalake/errors';

/**
 * The CloudFormation custom-resource event the stack's LakeTables construct sends (via the CDK Provider
 * framework) to the lake-tables function, so the ingest code's own DDL creates the lake tables at deploy time. The
 * framework posts the answer to CloudFormation itself; the function only returns { PhysicalResourceId, Data } or throws.
 */
export const ENSURE_LAKE_TABLES = 'ensure-lake-tables';
/** Stable: the tables are one resource for the stack's life; a new id would make CloudFormation delete the old one. */
export const LAKE_TABLES_RESOURCE_ID = 'instalake-lake-tables';

export interface LakeTablesRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: {
    readonly Action?: unknown;
    readonly SchemaHash?: unknown;
    readonly [key: string]: unknown;
  };
}

export interface LakeTablesResponse {
  readonly PhysicalResourceId: string;
  /** CloudFormation attributes: strings only. */
  readonly Data: Record<string, string>;
}

export class UnsupportedCustomResourceError extends InstalakeError {
  constructor(detail: string) {
    super(
      'UNSUPPORTED_CUSTOM_RESOURCE',
      `The lake-tables function cannot serve this custom resource: ${detail}. It only answers ResourceProperties.Action ` +
        `"${ENSURE_LAKE_TABLES}" with RequestType Create, Update or Delete (infra/lib/lake-tables.ts).`,
    );
  }
}

/** Refuses anything but the lake-tables action, so a stray custom resource cannot trigger DDL. */
export function checkLakeTablesRequest(event: unknown): asserts event is LakeTablesRequest {
  if (typeof event !== 'object' || event === null || !('RequestType' in event) || !('ResourceProperties' in event)) {
    throw new UnsupportedCustomResourceError('the event is not a CloudFormation custom-resource request');
  }
  const request = event as LakeTablesRequest;
  if (!['Create', 'Update', 'Delete'].includes(request.RequestType)) {
    throw new UnsupportedCustomResourceError(`RequestType is "${String(request.RequestType)}"`);
  }
  const action = request.ResourceProperties?.Action;
  if (action !== ENSURE_LAKE_TABLES)
    throw new UnsupportedCustomResourceError(`ResourceProperties.Action is "${String(action)}"`);
}
