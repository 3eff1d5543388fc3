export * from './errors';
export * from './json-safe';
export * from './guard-sql';
export * from './policy/query-policy';
export * from './policy/inspect-select';
export * from './ports/sql-parser';
export * from './ports/query-executor';
export * from './policy/split-statements';
