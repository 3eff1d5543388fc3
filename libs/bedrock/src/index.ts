export {};
export * from './knowledge-base';
