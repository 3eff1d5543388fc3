import { Aws, Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3vectors from 'aws-cdk-lib/aws-s3vectors';
import { Construct } from 'constructs';

export interface KnowledgeBaseProps {
  readonly namePrefix: string;
  readonly bucket: s3.IBucket;
  readonly embeddingModelId: string;
  readonly dimensions: number;
}

export const CHUNK_MAX_TOKENS = 300;
export const CHUNK_OVERLAP_PERCENT = 20;
/**
 * Where the ingest Lambda writes one document per post (`<post id>.txt` + `.txt.metadata.json`, libs/knowledge's
 * layout with prefix ''), beside its sync manifest under `sync/` (not a document: left out of every data source).
 */
export const POST_DOCUMENTS_PREFIX = 'posts/';
export const SYNC_STATE_PREFIX = 'sync/';
/** Hand-written documents (playbooks, restaurant notes): their own data source, synced by whoever uploads them. */
export const PLAYBOOKS_PREFIX = 'playbooks/';

/** Bedrock Knowledge Base over the knowledge bucket: Titan embeddings, fixed 300-token chunks, S3 Vectors storage. */
export class MarketingKnowledgeBase extends Construct {
  readonly knowledgeBase: bedrock.CfnKnowledgeBase;
  /** Post documents, written and ingested by the ingest Lambda after each batch. */
  readonly postsDataSource: bedrock.CfnDataSource;
  readonly playbooksDataSource: bedrock.CfnDataSource;

  constructor(scope: Construct, id: string, props: KnowledgeBaseProps) {
    super(scope, id);
    const vectorBucket = new s3vectors.CfnVectorBucket(this, 'Vectors', {
      vectorBucketName: `${props.namePrefix}-kb-vectors`,
      encryptionConfiguration: { sseType: 'AES256' },
    });
    const index = new s3vectors.CfnIndex(this, 'Index', {
      vectorBucketArn: vectorBucket.attrVectorBucketArn,
      indexName: 'knowledge',
      dataType: 'float32',
      dimension: props.dimensions,
      distanceMetric: 'cosine',
      // Bedrock stores chunk text and its own metadata here; keeping them non-filterable avoids the 2 KB filterable limit.
      metadataConfiguration: { nonFilterableMetadataKeys: ['AMAZON_BEDROCK_TEXT', 'AMAZON_BEDROCK_METADATA'] },
    });
    const embeddingModelArn = `arn:${Aws.PARTITION}:bedrock:${Stack.of(this).region}::foundation-model/${props.embeddingModelId}`;

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Bedrock Knowledge Base: read the knowledge bucket, embed, write vectors',
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['bedrock:InvokeModel'], resources: [embeddingModelArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn] }));
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.bucket.arnForObjects('*')] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3vectors:PutVectors',
          's3vectors:GetVectors',
          's3vectors:DeleteVectors',
          's3vectors:QueryVectors',
          's3vectors:GetIndex',
        ],
        resources: [index.attrIndexArn],
      }),
    );

    this.knowledgeBase = new bedrock.CfnKnowledgeBase(this, 'KnowledgeBase', {
      name: `${props.namePrefix}-marketing-knowledge`,
      description: 'Marketing playbooks and restaurant notes for the Instalake agent',
      roleArn: role.roleArn,
      knowledgeBaseConfiguration: {
        type: 'VECTOR',
        vectorKnowledgeBaseConfiguration: {
          embeddingModelArn,
          embeddingModelConfiguration: {
            bedrockEmbeddingModelConfiguration: { dimensions: props.dimensions, embeddingDataType: 'FLOAT32' },
          },
        },
      },
      storageConfiguration: {
        type: 'S3_VECTORS',
        s3VectorsConfiguration: { vectorBucketArn: vectorBucket.attrVectorBucketArn, indexArn: index.attrIndexArn },
      },
    });
    // The role's policy must exist before Bedrock validates access at creation.
    this.knowledgeBase.node.addDependency(role);

    const dataSource = (id: string, name: string, prefix: string) =>
      new bedrock.CfnDataSource(this, id, {
        knowledgeBaseId: this.knowledgeBase.attrKnowledgeBaseId,
        name,
        dataDeletionPolicy: 'DELETE',
        dataSourceConfiguration: {
          type: 'S3',
          s3Configuration: { bucketArn: props.bucket.bucketArn, inclusionPrefixes: [prefix] },
        },
        vectorIngestionConfiguration: {
          chunkingConfiguration: {
            chunkingStrategy: 'FIXED_SIZE',
            fixedSizeChunkingConfiguration: { maxTokens: CHUNK_MAX_TOKENS, overlapPercentage: CHUNK_OVERLAP_PERCENT },
          },
        },
      });
    this.postsDataSource = dataSource('DataSource', 'post-documents', POST_DOCUMENTS_PREFIX);
    this.playbooksDataSource = dataSource('PlaybooksDataSource', 'playbooks', PLAYBOOKS_PREFIX);
  }

  /** ARN of the knowledge base, for `bedrock:StartIngestionJob` grants. */
  get knowledgeBaseArn(): string {
    return this.knowledgeBase.attrKnowledgeBaseArn;
  }
}
