import { Match, Template } from 'aws-cdk-lib/assertions';
import { toolOpenApiDocument } from '@instalake/transport';
import { buildStack } from '../test-fixtures/build-stack';
import { CHUNK_MAX_TOKENS, CHUNK_OVERLAP_PERCENT } from './knowledge-base';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

describe('InstalakeStack (dev, bundling stubbed)', () => {
  let template: Template;
  let json: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

  beforeAll(() => {
    template = buildStack().template();
    json = template.toJSON() as typeof json;
  });

  const ofType = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);

  it('creates raw, lake, knowledge and access-log buckets: encrypted, private, named from the environment', () => {
    template.resourceCountIs('AWS::S3::Bucket', 4);
    for (const [, bucket] of ofType('AWS::S3::Bucket')) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketName).toEqual({
        'Fn::Join': [
          '-',
          [
            expect.stringMatching(/^instalake-dev-(raw|lake|knowledge|access-logs)$/),
            { Ref: 'AWS::AccountId' },
            { Ref: 'AWS::Region' },
          ],
        ],
      });
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['-', ['instalake-dev-lake', { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }]] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('denies non-TLS access to every bucket', () => {
    const policies = ofType('AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(4);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument).toEqual(
        expect.objectContaining({
          Statement: expect.arrayContaining([
            expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        }),
      );
    }
  });

  it('sends uploads/*.csv, *.json, *.jsonl and *.ndjson from the raw bucket to an encrypted queue with a dead-letter queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: ['.csv', '.json', '.jsonl', '.ndjson'].map((suffix) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: Match.arrayWith([
                { Name: 'suffix', Value: suffix },
                { Name: 'prefix', Value: 'uploads/' },
              ]),
            },
          },
          QueueArn: Match.anyValue(),
        })),
      },
    });
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  it('expires dead letters under their own prefix', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['-', ['instalake-dev-raw', Match.anyValue(), Match.anyValue()]] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'dead-letter/', ExpirationInDays: 90 })] },
    });
  });

  it('declares the Glue database and creates the Iceberg tables through the lake-tables function', () => {
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'instagram_db' }),
    });
    template.hasResourceProperties('Custom::InstalakeLakeTables', {
      Action: 'ensure-lake-tables',
      SchemaHash: Match.stringLikeRegexp('^[0-9a-f]{16}$'),
    });
    const [[ddlId]] = ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('TableDdlFunction'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': [ddlId, 'Arn'] } }) },
    });
    // Its own handler and bundle, with the DuckDB layer, the deployed catalog and the lake writer's grants.
    const ddl = ofType('AWS::Lambda::Function').find(([id]) => id === ddlId)![1].Properties;
    expect(ddl).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(ddl.Layers).toEqual([{ Ref: expect.stringMatching(/^DuckDbLayer/) }]);
    expect((ddl.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      LAKE_CATALOG: 'iceberg-glue',
      POWERTOOLS_SERVICE_NAME: 'instalake-lake-tables',
    });
    const ddlPolicy = ofType('AWS::IAM::Policy').find(([id]) =>
      id.startsWith('TableDdlFunctionServiceRoleDefaultPolicy'),
    )!;
    const sids = (ddlPolicy[1].Properties.PolicyDocument as { Statement: { Sid?: string }[] }).Statement.map(
      (x) => x.Sid,
    );
    expect(sids).toEqual(expect.arrayContaining(['WriteWarehouse', 'ListWarehouse', 'IcebergCatalogWrite']));
    expect(sids).not.toContain('ReadUploads');
  });

  it("names each function's Powertools service, so its log lines say which function wrote them", () => {
    const services = Object.fromEntries(
      ofType('AWS::Lambda::Function')
        .map(([id, r]) => [/^(Ingest|TableDdl|Tool|Proxy)Function/.exec(id)?.[1], r.Properties.Environment] as const)
        .filter(([name]) => name)
        .map(([name, env]) => [name, (env as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME]),
    );
    expect(services).toEqual({
      Ingest: 'instalake-ingest',
      TableDdl: 'instalake-lake-tables',
      Tool: 'instalake-tools',
      Proxy: 'instalake-proxy',
    });
  });

  it('runs each app as an arm64 Node.js 22 function with its memory, timeout and the DuckDB layer', () => {
    const fn = (prefix: string) => ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))![1].Properties;
    const ingest = fn('IngestFunction');
    expect(ingest).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
    });
    expect(ingest.Layers).toEqual([{ Ref: expect.stringMatching(/^DuckDbLayer/) }]);
    expect((ingest.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      LAKE_CATALOG: 'iceberg-glue',
      DUCKDB_EXTENSION_DIR: '/opt/duckdb/extensions',
      DUCKDB_HOME_DIRECTORY: '/tmp',
      INSTALAKE_UPLOAD_PREFIX: 'uploads/',
      INSTALAKE_DLQ_PREFIX: 'dead-letter/',
    });
    expect(fn('ToolFunction')).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 60,
    });
    expect(fn('ProxyFunction')).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Timeout: 29 });
    expect(fn('ProxyFunction').Layers).toBeUndefined();
    template.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleArchitectures: ['arm64'],
      CompatibleRuntimes: ['nodejs22.x'],
    });
  });

  it('never grants wildcard actions on buckets and scopes every data statement to explicit actions', () => {
    const allows: Statement[] = ofType('AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((s) => s.Effect === 'Allow'),
    );
    const actions = allows.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.startsWith('s3:') && a.includes('*'))).toEqual([]);
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    const s3Actions = new Set(actions.filter((a) => a.startsWith('s3:')));
    expect([...s3Actions].sort()).toEqual([
      's3:DeleteObject',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:PutBucketNotification',
      's3:PutObject',
    ]);
  });

  it('gives the ingest role upload read, dead-letter write, warehouse write and Glue table access; the tool role only reads', () => {
    const statementsOf = (prefix: string) =>
      (
        ofType('AWS::IAM::Policy').find(([id]) => id.startsWith(prefix))![1].Properties.PolicyDocument as {
          Statement: (Statement & { Sid?: string })[];
        }
      ).Statement;
    const ingest = statementsOf('IngestFunctionServiceRoleDefaultPolicy');
    expect(ingest.map((s) => s.Sid).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'ReadUploads',
        'ReadMapping',
        'ListUploads',
        'WriteDeadLetters',
        'WriteWarehouse',
        'ListWarehouse',
        'IcebergCatalogWrite',
      ]),
    );
    expect(ingest.find((s) => s.Sid === 'ReadUploads')!.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^StorageRaw/), 'Arn'] }, '/uploads/*']],
    });
    // The mapping file by its exact key; listing it too, so a missing file reads as 404 (no mapping), not 403.
    expect(ingest.find((s) => s.Sid === 'ReadMapping')!.Resource).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [expect.stringMatching(/^StorageRaw/), 'Arn'] }, '/config/ingest-mapping.json'],
      ],
    });
    expect(ingest.find((s) => s.Sid === 'ListUploads')!.Condition).toEqual({
      StringLike: { 's3:prefix': ['uploads/*', 'dead-letter/*', 'config/ingest-mapping.json'] },
    });
    const tool = statementsOf('ToolFunctionServiceRoleDefaultPolicy');
    const toolActions = tool.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(toolActions).not.toEqual(expect.arrayContaining(['s3:PutObject']));
    expect(toolActions.filter((a) => /Create|Update|Delete|Put/.test(a) && !a.startsWith('xray:'))).toEqual([]);
    const proxy = statementsOf('ProxyFunctionServiceRoleDefaultPolicy');
    expect(proxy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'InvokeAgent',
          Action: 'bedrock:InvokeAgent',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^AgentAlias/), 'AgentAliasArn'] },
        }),
      ]),
    );
  });

  it('has the ingest Lambda write post documents to the knowledge bucket and start ingestion on the posts data source only', () => {
    const [[kbId]] = ofType('AWS::Bedrock::KnowledgeBase');
    const dataSources = ofType('AWS::Bedrock::DataSource');
    const posts = dataSources.find(([, r]) => r.Properties.Name === 'post-documents')!;
    const playbooks = dataSources.find(([, r]) => r.Properties.Name === 'playbooks')!;
    expect(
      dataSources.map(([, r]) => (r.Properties.DataSourceConfiguration as { S3Configuration: object }).S3Configuration),
    ).toEqual([
      {
        BucketArn: { 'Fn::GetAtt': [expect.stringMatching(/^StorageKnowledge/), 'Arn'] },
        InclusionPrefixes: ['posts/'],
      },
      {
        BucketArn: { 'Fn::GetAtt': [expect.stringMatching(/^StorageKnowledge/), 'Arn'] },
        InclusionPrefixes: ['playbooks/'],
      },
    ]);
    const ingest = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('IngestFunction'))![1].Properties;
    expect((ingest.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      KNOWLEDGE_BUCKET: { Ref: expect.stringMatching(/^StorageKnowledge/) },
      KNOWLEDGE_BASE_ID: { 'Fn::GetAtt': [kbId, 'KnowledgeBaseId'] },
      KNOWLEDGE_DATA_SOURCE_ID: { 'Fn::GetAtt': [posts[0], 'DataSourceId'] },
    });
    const statements = (
      ofType('AWS::IAM::Policy').find(([id]) => id.startsWith('IngestFunctionServiceRoleDefaultPolicy'))![1].Properties
        .PolicyDocument as { Statement: (Statement & { Sid?: string; Condition?: unknown })[] }
    ).Statement;
    const knowledgeObjects = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^StorageKnowledge/), 'Arn'] }, `/${prefix}*`]],
    });
    expect(statements.filter((s) => /Knowledge/.test(s.Sid ?? ''))).toEqual([
      {
        Sid: 'WriteKnowledgeDocuments',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: [knowledgeObjects('posts/'), knowledgeObjects('sync/')],
      },
      {
        Sid: 'ListKnowledgeDocuments',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StorageKnowledge/), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['posts/*', 'sync/*'] } },
      },
      {
        Sid: 'StartKnowledgeIngestion',
        Effect: 'Allow',
        Action: 'bedrock:StartIngestionJob',
        Resource: { 'Fn::GetAtt': [kbId, 'KnowledgeBaseArn'] },
      },
    ]);
    // Nothing else may start ingestion or write the knowledge bucket; playbooks stay the uploader's business.
    const everyone = ofType('AWS::IAM::Policy').flatMap(([id, p]) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map((s) => ({ id, ...s })),
    );
    expect(
      everyone
        .filter((s) => [s.Action].flat().includes('bedrock:StartIngestionJob'))
        .map((s) => s.id.replace(/[0-9A-F]{8}$/, '')),
    ).toEqual(['IngestFunctionServiceRoleDefaultPolicy']);
    expect(JSON.stringify(statements)).not.toContain('playbooks');
    expect(playbooks).toBeDefined();
  });

  it('configures the knowledge base: Titan embeddings, S3 Vectors, fixed 300-token chunks with 20% overlap', () => {
    template.hasResourceProperties('AWS::S3Vectors::Index', {
      Dimension: 1024,
      DistanceMetric: 'cosine',
      DataType: 'float32',
    });
    template.hasResourceProperties('AWS::Bedrock::KnowledgeBase', {
      KnowledgeBaseConfiguration: {
        Type: 'VECTOR',
        VectorKnowledgeBaseConfiguration: Match.objectLike({
          EmbeddingModelArn: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0'],
            ],
          },
        }),
      },
      StorageConfiguration: {
        Type: 'S3_VECTORS',
        S3VectorsConfiguration: { VectorBucketArn: Match.anyValue(), IndexArn: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::Bedrock::DataSource', {
      DataSourceConfiguration: {
        Type: 'S3',
        S3Configuration: { BucketArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StorageKnowledge'), 'Arn'] } },
      },
      VectorIngestionConfiguration: {
        ChunkingConfiguration: {
          ChunkingStrategy: 'FIXED_SIZE',
          FixedSizeChunkingConfiguration: { MaxTokens: CHUNK_MAX_TOKENS, OverlapPercentage: CHUNK_OVERLAP_PERCENT },
        },
      },
    });
    expect([CHUNK_MAX_TOKENS, CHUNK_OVERLAP_PERCENT]).toEqual([300, 20]);
  });

  it('deploys the agent with Claude 3 Sonnet, the response rules, the action group, the KB, a guardrail and an alias', () => {
    template.hasResourceProperties('AWS::Bedrock::Agent', {
      FoundationModel: 'anthropic.claude-3-sonnet-20240229-v1:0',
      Instruction: Match.stringLikeRegexp('3 to 5 concrete recommendations'),
      ActionGroups: [
        Match.objectLike({
          ActionGroupExecutor: { Lambda: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ToolFunction'), 'Arn'] } },
          ApiSchema: { Payload: JSON.stringify(toolOpenApiDocument()) },
        }),
      ],
      KnowledgeBases: [Match.objectLike({ KnowledgeBaseState: 'ENABLED' })],
      GuardrailConfiguration: { GuardrailIdentifier: Match.anyValue(), GuardrailVersion: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Bedrock::Guardrail', {
      ContentPolicyConfig: {
        FiltersConfig: Match.arrayWith([{ Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' }]),
      },
    });
    template.hasResourceProperties('AWS::Bedrock::AgentAlias', { AgentAliasName: 'live' });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'bedrock.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Agent'), 'AgentArn'] },
    });
  });

  it('exposes POST /api/query with body validation, an API key and a throttled, capped usage plan', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      ApiKeyRequired: true,
      AuthorizationType: 'NONE',
      RequestValidatorId: Match.anyValue(),
      RequestModels: { 'application/json': Match.anyValue() },
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true });
    // The gateway's model is the handler's contract: the same required fields and limits.
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Schema: Match.objectLike({
        required: ['sessionId', 'query'],
        properties: {
          query: { type: 'string', minLength: 1, maxLength: 25_000 },
          sessionId: { type: 'string', pattern: '^[0-9a-zA-Z._:-]{2,100}$' },
        },
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 2, BurstLimit: 5 },
      Quota: { Limit: 500, Period: 'DAY' },
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 2,
          ThrottlingBurstLimit: 5,
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
        }),
      ],
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });
});

describe('InstalakeStack variants', () => {
  it('uses IAM authorization without an API key when configured', () => {
    const template = buildStack({ apiAuth: 'iam' }).template();
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      ApiKeyRequired: false,
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
  });

  it('uses a Cognito authorizer when configured', () => {
    const template = buildStack({
      apiAuth: 'cognito',
      cognitoUserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc123',
    }).template();
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'COGNITO_USER_POOLS',
    });
  });

  it('prod retains data and lets existing scraper buckets trigger ingestion', () => {
    const { stack } = buildStack({ env: 'prod', scraperBuckets: 'acme-scraper-exports' });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: { 'Fn::Join': ['-', ['instalake-prod-lake', Match.anyValue(), Match.anyValue()]] },
      }),
    });
    template.hasResource('AWS::Glue::Database', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Quota: { Limit: 2000, Period: 'DAY' } });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: 'acme-scraper-exports',
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: ['.csv', '.json', '.jsonl', '.ndjson'].map((suffix) =>
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: Match.arrayWith([{ Name: 'suffix', Value: suffix }]) } },
          }),
        ),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'ReadScraperUploads',
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::acme-scraper-exports/uploads/*']] },
          }),
        ]),
      },
    });
  });
});
