export * from './local-knowledge-base';
export * from './search-terms';
