export * from './config';
export * from './openapi';
export * from './bedrock-agent-event';
export * from './fit-body';
export * from './tool-handler';
