import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockKnowledgeBase } from '@instalake/bedrock';
import type { BedrockKnowledgeBaseChoice } from './knowledge';

export function openBedrockKnowledgeBase(choice: BedrockKnowledgeBaseChoice): BedrockKnowledgeBase {
  return new BedrockKnowledgeBase({
    knowledgeBaseId: choice.knowledgeBaseId,
    dataSourceId: choice.dataSourceId,
    agentClient: new BedrockAgentClient({ ...(choice.endpoint ? { endpoint: choice.endpoint } : {}), maxAttempts: 3 }),
  });
}
