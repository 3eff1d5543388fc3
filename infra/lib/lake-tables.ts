import { createHash } from 'node:crypto';
import { CustomResource } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { LAKE_TABLES } from '@instalake/lake-schema';
import { Construct } from 'constructs';

/**
 * Creates the Iceberg tables at deploy time with the ingest code's own DDL: the custom resource invokes the
 * lake-tables function (apps/ingest-lambda/src/lake-tables.main.ts, its own bundle) with a CloudFormation event; it
 * opens the lake engine, whose catalog runs CREATE SCHEMA/TABLE IF NOT EXISTS, and answers. One definition of the
 * tables (lake-schema), the same engine code as ingestion.
 */
export class LakeTables extends Construct {
  static readonly ACTION = 'ensure-lake-tables';
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: { onEventFunction: lambda.IFunction; logRetentionDays: number }) {
    super(scope, id);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: props.onEventFunction,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', { retention: props.logRetentionDays as logs.RetentionDays }),
    });
    this.resource = new CustomResource(this, 'Tables', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::InstalakeLakeTables',
      properties: {
        Action: LakeTables.ACTION,
        // Changes when lake-schema changes, so an update re-runs the (idempotent) DDL.
        SchemaHash: createHash('sha256').update(JSON.stringify(LAKE_TABLES)).digest('hex').slice(0, 16),
      },
    });
  }
}
