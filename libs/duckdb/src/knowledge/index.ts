export * from './duckdb-post-source';
