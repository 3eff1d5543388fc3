import { LlmAgent, OfflineAgent } from '@instalake/agent';
import { OpenAiChatModel } from '@instalake/openai';
import type { OpenAiCompatibleAgentChoice, OpenedAgent } from './agent';
import { openAgentTools } from './offline-agent';

/**
 * A language model behind an OpenAI-compatible server, calling the offline agent's three tools with the semantic
 * layer's definitions; numbers it did not get from a tool are flagged. When the model is unreachable or fails,
 * the offline agent answers the same turn.
 */
export async function openOpenAiAgent(choice: OpenAiCompatibleAgentChoice): Promise<OpenedAgent> {
  const { tools, clock, close } = await openAgentTools(choice);
  const offline = new OfflineAgent(tools, clock, { onToolError: choice.onToolError });
  const agent = new LlmAgent(new OpenAiChatModel(choice.model), tools, clock, {
    fallback: offline,
    onError: (error, stage) => choice.onToolError?.(error, `language model ${stage}`),
  });
  return { agent, close };
}
