export {};
export * from './knowledge-base';
export * from './agent-runtime';
