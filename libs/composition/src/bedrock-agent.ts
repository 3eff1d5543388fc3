import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockAgent } from '@instalake/bedrock';
import type { BedrockAgentChoice, OpenedAgent } from './agent';

export function openBedrockAgent(choice: BedrockAgentChoice): OpenedAgent {
  const client = new BedrockAgentRuntimeClient({
    ...(choice.endpoint ? { endpoint: choice.endpoint } : {}),
    maxAttempts: 2,
  });
  const agent = new BedrockAgent({
    client,
    agentId: choice.agentId,
    agentAliasId: choice.agentAliasId,
    timeoutMs: choice.timeoutMs,
    logger: choice.logger,
  });
  return { agent, close: () => client.destroy() };
}
