export * from './catalogs/lake-catalog';
export * from './catalogs/local-catalog';
export * from './catalogs/table-ddl';
export * from './lake-engine';
export * from './loader/duckdb-lake-loader';
export * from './duckdb-ingest-log';
export * from './sql/sql-text';
