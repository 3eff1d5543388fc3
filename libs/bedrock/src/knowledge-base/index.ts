export * from './bedrock-knowledge-base';
export * from './retrieval-filter';
