import { RESPONSE_RULES } from '@instalake/agent';

/** The response rules the Bedrock agent follows: the same rules the offline and OpenAI-compatible agents follow. */
export const AGENT_INSTRUCTIONS = RESPONSE_RULES;
