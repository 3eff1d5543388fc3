import { BedrockAgentClient, ConflictException, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { KnowledgeBaseBusyError, KnowledgeBaseUnavailableError } from '@instalake/knowledge';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockKnowledgeBase } from './bedrock-knowledge-base';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('BedrockKnowledgeBase (real SDK clients, aws-sdk-client-mock)', () => {
  const agent = new BedrockAgentClient({ region: 'us-east-1', credentials });
  const runtime = new BedrockAgentRuntimeClient({ region: 'us-east-1', credentials });
  const agentMock = mockClient(agent);
  const runtimeMock = mockClient(runtime);
  const kb = new BedrockKnowledgeBase({
    knowledgeBaseId: 'KB123',
    dataSourceId: 'DS456',
    agentClient: agent,
    runtimeClient: runtime,
    clientToken: () => 'token-0000000000000000000000000000001',
  });

  beforeEach(() => {
    agentMock.reset();
    runtimeMock.reset();
  });
  afterAll(() => {
    agent.destroy();
    runtime.destroy();
  });

  it('starts an ingestion job on the configured knowledge base and data source', async () => {
    agentMock.on(StartIngestionJobCommand).resolves({
      ingestionJob: {
        ingestionJobId: 'JOB1',
        status: 'STARTING',
        knowledgeBaseId: 'KB123',
        dataSourceId: 'DS456',
        startedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    await expect(kb.startIngestion()).resolves.toEqual({ jobId: 'JOB1', status: 'STARTING' });
    expect(agentMock.commandCalls(StartIngestionJobCommand).map((c) => c.args[0].input)).toEqual([
      {
        knowledgeBaseId: 'KB123',
        dataSourceId: 'DS456',
        description: 'instalake kb sync',
        clientToken: 'token-0000000000000000000000000000001',
      },
    ]);
  });

  it('reports a running job as busy and other failures as unavailable', async () => {
    agentMock
      .on(StartIngestionJobCommand)
      .rejectsOnce(new ConflictException({ message: 'ongoing ingestion job', $metadata: {} }));
    await expect(kb.startIngestion()).rejects.toBeInstanceOf(KnowledgeBaseBusyError);
    agentMock
      .on(StartIngestionJobCommand)
      .rejectsOnce(Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' }));
    await expect(kb.startIngestion()).rejects.toThrow(KnowledgeBaseUnavailableError);
  });

  it('sends Retrieve with andAll of equals / greaterThanOrEquals filters and maps results', async () => {
    runtimeMock.on(RetrieveCommand).resolves({
      retrievalResults: [
        {
          content: { text: 'Caption: cacio e pepe | Image: rustic pasta plating', type: 'TEXT' },
          location: { type: 'S3', s3Location: { uri: 's3://kb/posts/p1.txt' } },
          score: 0.83,
          metadata: {
            post_id: 'p1',
            creator: 'trattoria',
            city: 'New York',
            likes: 120,
            comments: 8,
            engagement: 128,
            hashtags: ['pasta', 'nyc'],
            'x-amz-bedrock-kb-source-uri': 's3://kb/posts/p1.txt',
            'x-amz-bedrock-kb-chunk-id': 'abc',
          },
        },
        {
          content: { text: 'no metadata' },
          location: { type: 'S3', s3Location: { uri: 's3://kb/posts/p9.txt' } },
          score: 0.2,
        },
      ],
    });
    const chunks = await kb.retrieve({
      query: 'rustic pasta plating',
      filters: { city: 'New York', creator: 'trattoria', minLikes: 100 },
      limit: 7,
    });
    expect(runtimeMock.commandCalls(RetrieveCommand).map((c) => c.args[0].input)).toEqual([
      {
        knowledgeBaseId: 'KB123',
        retrievalQuery: { text: 'rustic pasta plating' },
        retrievalConfiguration: {
          vectorSearchConfiguration: {
            numberOfResults: 7,
            filter: {
              andAll: [
                { equals: { key: 'city', value: 'New York' } },
                { equals: { key: 'creator', value: 'trattoria' } },
                { greaterThanOrEquals: { key: 'likes', value: 100 } },
              ],
            },
          },
        },
      },
    ]);
    expect(chunks).toEqual([
      {
        text: 'Caption: cacio e pepe | Image: rustic pasta plating',
        score: 0.83,
        uri: 's3://kb/posts/p1.txt',
        metadata: {
          post_id: 'p1',
          creator: 'trattoria',
          city: 'New York',
          likes: 120,
          comments: 8,
          engagement: 128,
          hashtags: ['pasta', 'nyc'],
        },
      },
      {
        text: 'no metadata',
        score: 0.2,
        uri: 's3://kb/posts/p9.txt',
        metadata: { post_id: 'p9', creator: '', hashtags: [] },
      },
    ]);
  });

  it('sends a single filter bare and no filter at all when none is given', async () => {
    runtimeMock.on(RetrieveCommand).resolves({ retrievalResults: [] });
    await kb.retrieve({ query: 'brunch', filters: { minLikes: 5 }, limit: 3 });
    await kb.retrieve({ query: 'brunch', filters: {}, limit: 500 });
    const configs = runtimeMock
      .commandCalls(RetrieveCommand)
      .map((c) => c.args[0].input.retrievalConfiguration?.vectorSearchConfiguration);
    expect(configs).toEqual([
      { numberOfResults: 3, filter: { greaterThanOrEquals: { key: 'likes', value: 5 } } },
      { numberOfResults: 100 },
    ]);
  });

  it('a writer built without a runtime client starts ingestion but refuses to search, saying why', async () => {
    agentMock
      .on(StartIngestionJobCommand)
      .resolves({ ingestionJob: { ingestionJobId: 'JOB2', status: 'STARTING' } as never });
    const writer = new BedrockKnowledgeBase({ knowledgeBaseId: 'KB123', dataSourceId: 'DS456', agentClient: agent });
    await expect(writer.startIngestion()).resolves.toEqual({ jobId: 'JOB2', status: 'STARTING' });
    await expect(writer.retrieve({ query: 'pizza', filters: {}, limit: 3 })).rejects.toThrow(
      /built without a runtime client/,
    );
    expect(runtimeMock.calls()).toHaveLength(0);
  });
});
