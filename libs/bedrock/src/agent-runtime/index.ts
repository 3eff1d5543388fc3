export * from './bedrock-agent';
export * from './invoke-agent-errors';
