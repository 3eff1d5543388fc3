export * from './duckdb-post-source';
export * from './create-knowledge-sync';
