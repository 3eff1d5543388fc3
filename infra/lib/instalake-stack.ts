import { Aws, CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LAKE_NAMESPACE } from '@instalake/lake-schema';
import { toolOpenApiDocument } from '@instalake/transport';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { EnvironmentConfig } from './config';
import { DuckDbLayer, LAYER_EXTENSION_DIRECTORY } from './duckdb-layer';
import { MarketingKnowledgeBase, POST_DOCUMENTS_PREFIX, SYNC_STATE_PREFIX } from './knowledge-base';
import { LakeTables } from './lake-tables';
import { MarketingAgent } from './marketing-agent';
import { QueryApi } from './query-api';
import { DEAD_LETTER_PREFIX, LakeStorage, UPLOAD_PREFIX, WAREHOUSE_PREFIX } from './storage';

export interface InstalakeStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/** The ingest mapping file in the raw bucket (README "Mapping what a file cannot say"). */
const MAPPING_KEY = 'config/ingest-mapping.json';

/** The whole platform for one environment. */
export class InstalakeStack extends Stack {
  readonly storage: LakeStorage;
  readonly ingest: AppFunction;
  readonly lakeTables: AppFunction;
  readonly tool: AppFunction;
  readonly proxy: AppFunction;
  readonly database: glue.CfnDatabase;
  readonly agent: MarketingAgent;
  readonly knowledge: MarketingKnowledgeBase;
  readonly api: QueryApi;

  constructor(scope: Construct, id: string, props: InstalakeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const ingestTimeout = Duration.seconds(config.lambda.ingestTimeoutSeconds);
    this.storage = new LakeStorage(this, 'Storage', { config, ingestTimeout });
    const { raw, lake, knowledge } = this.storage;

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: LAKE_NAMESPACE,
        description: 'Instalake Iceberg tables (posts, restaurants, ingest_log), created by the ingest DDL',
        locationUri: `s3://${lake.bucketName}/${WAREHOUSE_PREFIX}${LAKE_NAMESPACE}`,
      },
    });
    this.database.applyRemovalPolicy(config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

    const duckdb = new DuckDbLayer(this, 'DuckDb', {
      offline: config.offline,
      extensionsDir: config.duckdbExtensionsDir,
    });
    const lakeEnvironment = {
      LAKE_CATALOG: 'iceberg-glue',
      LAKE_ACCOUNT_ID: Aws.ACCOUNT_ID,
      LAKE_REGION: Aws.REGION,
      LAKE_WAREHOUSE: `s3://${lake.bucketName}/${WAREHOUSE_PREFIX.replace(/\/$/, '')}`,
      // Names as the apps' config.ts read them; /tmp is the only writable path in Lambda.
      DUCKDB_EXTENSION_DIR: LAYER_EXTENSION_DIRECTORY,
      DUCKDB_HOME_DIRECTORY: '/tmp',
      INSTALAKE_HOME: '/tmp/instalake',
      INSTALAKE_SCRATCH_DIR: '/tmp/instalake/scratch',
      DUCKDB_MEMORY_LIMIT: '640MB',
      DUCKDB_THREADS: '2',
    };

    this.ingest = new AppFunction(this, 'Ingest', {
      handler: 'ingest',
      description: 'S3 upload events (via SQS) -> IngestCsvFile into the Iceberg lake',
      sourceRoot: config.sourceRoot,
      memorySize: config.lambda.ingestMemoryMb,
      timeout: ingestTimeout,
      layers: [duckdb.layer],
      // One writer per table: Iceberg MERGE commits are not retried by DuckDB, so never race ourselves.
      reservedConcurrentExecutions: 1,
      logRetentionDays: config.lambda.logRetentionDays,
      environment: {
        ...lakeEnvironment,
        POWERTOOLS_SERVICE_NAME: 'instalake-ingest',
        OBJECT_STORE: 's3',
        RAW_BUCKET: raw.bucketName,
        INSTALAKE_RAW_BUCKET: raw.bucketName,
        // Column renames and per-file defaults (README "Mapping what a file cannot say"); no object, no mapping.
        INSTALAKE_MAPPING_KEY: MAPPING_KEY,
        INSTALAKE_UPLOAD_PREFIX: UPLOAD_PREFIX,
        INSTALAKE_DLQ_PREFIX: DEAD_LETTER_PREFIX,
      },
    });
    // Deploy time only: the lake-tables custom resource runs the ingest code's own DDL in its own function.
    this.lakeTables = new AppFunction(this, 'TableDdl', {
      handler: 'lakeTables',
      description: 'CloudFormation custom resource: creates the Iceberg lake tables with the ingest DDL',
      sourceRoot: config.sourceRoot,
      memorySize: config.lambda.ingestMemoryMb,
      timeout: Duration.minutes(5),
      layers: [duckdb.layer],
      logRetentionDays: config.lambda.logRetentionDays,
      environment: { ...lakeEnvironment, POWERTOOLS_SERVICE_NAME: 'instalake-lake-tables' },
    });
    this.ingest.fn.addEventSource(
      new SqsEventSource(this.storage.uploads, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(5),
      }),
    );

    this.tool = new AppFunction(this, 'Tool', {
      handler: 'tool',
      description: 'Bedrock agent action group: guarded SQL, trends and schema over the lake (read-only)',
      sourceRoot: config.sourceRoot,
      memorySize: config.lambda.toolMemoryMb,
      timeout: Duration.seconds(config.lambda.toolTimeoutSeconds),
      layers: [duckdb.layer],
      logRetentionDays: config.lambda.logRetentionDays,
      environment: { ...lakeEnvironment, POWERTOOLS_SERVICE_NAME: 'instalake-tools', LAKE_READ_ONLY: 'true' },
    });

    this.knowledge = new MarketingKnowledgeBase(this, 'Knowledge', {
      namePrefix: config.namePrefix,
      bucket: knowledge,
      embeddingModelId: config.agent.embeddingModelId,
      dimensions: config.agent.embeddingDimensions,
    });
    // After each ingested file the ingest Lambda writes the changed post documents, and once per batch it starts
    // an ingestion job on the posts data source.
    this.ingest.fn.addEnvironment('KNOWLEDGE_BUCKET', knowledge.bucketName);
    this.ingest.fn.addEnvironment('KNOWLEDGE_BASE_ID', this.knowledge.knowledgeBase.attrKnowledgeBaseId);
    this.ingest.fn.addEnvironment('KNOWLEDGE_DATA_SOURCE_ID', this.knowledge.postsDataSource.attrDataSourceId);
    this.agent = new MarketingAgent(this, 'Agent', {
      namePrefix: config.namePrefix,
      foundationModelId: config.agent.foundationModelId,
      toolFunction: this.tool.fn,
      openApi: toolOpenApiDocument(),
      knowledgeBase: this.knowledge.knowledgeBase,
    });

    this.proxy = new AppFunction(this, 'Proxy', {
      handler: 'proxy',
      description: 'POST /api/query -> Bedrock InvokeAgent; shapes the answer for the chat page',
      sourceRoot: config.sourceRoot,
      memorySize: 512,
      timeout: Duration.seconds(29),
      logRetentionDays: config.lambda.logRetentionDays,
      environment: {
        AGENT_ID: this.agent.agent.attrAgentId,
        AGENT_ALIAS_ID: this.agent.alias.attrAgentAliasId,
        KNOWLEDGE_BASE_ID: this.knowledge.knowledgeBase.attrKnowledgeBaseId,
        POWERTOOLS_SERVICE_NAME: 'instalake-proxy',
      },
    });
    this.api = new QueryApi(this, 'Query', { config, proxyFunction: this.proxy.fn });

    this.grantLeastPrivilege();
    const tables = new LakeTables(this, 'LakeTables', {
      onEventFunction: this.lakeTables.fn,
      logRetentionDays: config.lambda.logRetentionDays,
    });
    tables.node.addDependency(this.database, this.lakeTables.fn);

    new CfnOutput(this, 'RawBucketName', {
      value: raw.bucketName,
      description: `Upload scraper CSVs to s3://<bucket>/${UPLOAD_PREFIX}`,
    });
    new CfnOutput(this, 'IngestLogGroupName', { value: this.ingest.fn.logGroup.logGroupName });
    new CfnOutput(this, 'KnowledgeBucketName', { value: knowledge.bucketName });
    new CfnOutput(this, 'KnowledgeBaseId', { value: this.knowledge.knowledgeBase.attrKnowledgeBaseId });
    new CfnOutput(this, 'DataSourceId', {
      value: this.knowledge.postsDataSource.attrDataSourceId,
      description: 'Post documents (posts/), synced by the ingest Lambda',
    });
    new CfnOutput(this, 'PlaybooksDataSourceId', {
      value: this.knowledge.playbooksDataSource.attrDataSourceId,
      description: 'Hand-written documents under playbooks/: start-ingestion-job after uploading',
    });
    new CfnOutput(this, 'QueryUrl', { value: this.api.api.urlForPath('/api/query') });
    if (this.api.apiKey)
      new CfnOutput(this, 'ApiKeyId', {
        value: this.api.apiKey.keyId,
        description: 'aws apigateway get-api-key --include-value --api-key <id>',
      });
    new CfnOutput(this, 'AgentId', { value: this.agent.agent.attrAgentId });
    new CfnOutput(this, 'AgentAliasId', { value: this.agent.alias.attrAgentAliasId });

    acknowledgeNagFindings(this, config);
  }

  /** Explicit actions only: no s3:* / s3:Get* style wildcards on any data bucket. */
  private grantLeastPrivilege(): void {
    const { raw, lake, knowledge } = this.storage;
    const glueArn = (resource: string) => `arn:${Aws.PARTITION}:glue:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    const catalogResources = [
      glueArn('catalog'),
      glueArn(`database/${LAKE_NAMESPACE}`),
      glueArn(`table/${LAKE_NAMESPACE}/*`),
    ];
    const ingest = this.ingest.fn;
    const tool = this.tool.fn;

    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadUploads',
        actions: ['s3:GetObject'],
        resources: [raw.arnForObjects(`${UPLOAD_PREFIX}*`)],
      }),
    );
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadMapping',
        actions: ['s3:GetObject'],
        resources: [raw.arnForObjects(MAPPING_KEY)],
      }),
    );
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListUploads',
        actions: ['s3:ListBucket'],
        resources: [raw.bucketArn],
        // The mapping key too: without list rights S3 answers 403, not 404, for a mapping file not there.
        conditions: { StringLike: { 's3:prefix': [`${UPLOAD_PREFIX}*`, `${DEAD_LETTER_PREFIX}*`, MAPPING_KEY] } },
      }),
    );
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteDeadLetters',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [raw.arnForObjects(`${DEAD_LETTER_PREFIX}*`)],
      }),
    );
    if (this.storage.scraperBuckets.length) {
      ingest.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadScraperUploads',
          actions: ['s3:GetObject'],
          resources: this.storage.scraperBuckets.map((b) => b.arnForObjects(`${UPLOAD_PREFIX}*`)),
        }),
      );
    }
    // The lake writers: ingestion (MERGE) and the lake-tables custom resource (CREATE TABLE).
    for (const writer of [ingest, this.lakeTables.fn]) {
      writer.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'WriteWarehouse',
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [lake.arnForObjects(`${WAREHOUSE_PREFIX}*`)],
        }),
      );
      writer.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ListWarehouse',
          actions: ['s3:ListBucket', 's3:GetBucketLocation'],
          resources: [lake.bucketArn],
        }),
      );
      writer.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'IcebergCatalogWrite',
          actions: [
            'glue:GetCatalog',
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetTables',
            'glue:CreateTable',
            'glue:UpdateTable',
          ],
          resources: catalogResources,
        }),
      );
    }

    // Knowledge documents: the post documents and the sync manifest only (never playbooks/), and one ingestion
    // job start on this knowledge base. ListBucket lets a first sync see "no manifest yet" as 404, not 403.
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'WriteKnowledgeDocuments',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [
          knowledge.arnForObjects(`${POST_DOCUMENTS_PREFIX}*`),
          knowledge.arnForObjects(`${SYNC_STATE_PREFIX}*`),
        ],
      }),
    );
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListKnowledgeDocuments',
        actions: ['s3:ListBucket'],
        resources: [knowledge.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${POST_DOCUMENTS_PREFIX}*`, `${SYNC_STATE_PREFIX}*`] } },
      }),
    );
    ingest.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'StartKnowledgeIngestion',
        actions: ['bedrock:StartIngestionJob'],
        resources: [this.knowledge.knowledgeBaseArn],
      }),
    );

    tool.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadWarehouse',
        actions: ['s3:GetObject'],
        resources: [lake.arnForObjects(`${WAREHOUSE_PREFIX}*`)],
      }),
    );
    tool.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListWarehouse',
        actions: ['s3:ListBucket', 's3:GetBucketLocation'],
        resources: [lake.bucketArn],
      }),
    );
    tool.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'IcebergCatalogRead',
        actions: ['glue:GetCatalog', 'glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
        resources: catalogResources,
      }),
    );

    this.proxy.fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeAgent',
        actions: ['bedrock:InvokeAgent'],
        resources: [this.agent.aliasArn],
      }),
    );
  }
}

/** cdk-nag AwsSolutions findings we accept, each finding named exactly and with its reason. */
function acknowledgeNagFindings(stack: InstalakeStack, config: EnvironmentConfig): void {
  const ack = (id: string, reason: string) => Validations.of(stack).acknowledge({ id, reason });
  const arn = (construct: { node: { defaultChild?: unknown } }) =>
    `<${stack.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
  const { raw, lake, knowledge } = stack.storage;
  ack(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'Grants only CloudWatch Logs delivery to the functions (ours and the CDK framework ones).',
  );
  ack(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    'API Gateway account role for execution/access logging, required by APIG1/APIG6.',
  );
  ack(
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords and s3:PutBucketNotification (CDK notifications handler) accept no narrower resource.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(raw)}/${UPLOAD_PREFIX}*]`,
    'Ingest reads any uploaded CSV under uploads/ (object keys are not known in advance); action is s3:GetObject only.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(raw)}/${DEAD_LETTER_PREFIX}*]`,
    'Ingest writes rejected rows under dead-letter/ only.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(lake)}/${WAREHOUSE_PREFIX}*]`,
    'Iceberg data and metadata files under warehouse/; ingest writes, the tool only reads.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(knowledge)}/*]`,
    'The knowledge base reads every document in its own bucket (s3:GetObject only).',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(knowledge)}/${POST_DOCUMENTS_PREFIX}*]`,
    'Ingest writes one document (and its metadata sidecar) per post under posts/; post ids are not known in advance.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(knowledge)}/${SYNC_STATE_PREFIX}*]`,
    'Ingest keeps its knowledge sync manifest under sync/.',
  );
  ack(
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${LAKE_NAMESPACE}/*]`,
    'Tables inside instagram_db only (posts, restaurants, ingest_log; Iceberg may stage new ones).',
  );
  ack(
    `AwsSolutions-IAM5[Resource::${arn(stack.lakeTables.fn)}:*]`,
    'CDK custom-resource provider invokes versions of the lake-tables function only.',
  );
  for (const bucket of stack.storage.scraperBuckets) {
    ack(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${bucket.bucketName}/${UPLOAD_PREFIX}*]`,
      'Existing scraper bucket: ingest reads its uploads/ only.',
    );
  }
  ack(
    'AwsSolutions-L1',
    'Node.js 22 is the runtime the apps are built and tested for; CDK framework functions pick their own runtime.',
  );
  ack('AwsSolutions-S1', 'The access-logs bucket is the server access log destination and cannot log to itself.');
  ack('AwsSolutions-SQS3', 'This queue is the dead-letter queue of the uploads queue.');
  ack(
    'AwsSolutions-APIG3',
    'Protected by API key + usage plan throttling/quota (or IAM/Cognito); add WAF if exposed to the open internet at scale.',
  );
  if (config.api.auth === 'apiKey') {
    ack(
      'AwsSolutions-APIG4',
      'Default auth is an API key with a usage plan (throttle + quota); set api.auth to iam or cognito for identity-based auth.',
    );
    ack('AwsSolutions-COG4', 'API key auth by default; Cognito is available with api.auth=cognito.');
  }
  if (config.api.auth === 'iam')
    ack('AwsSolutions-COG4', 'IAM (SigV4) authorization is used instead of a Cognito authorizer.');
}
