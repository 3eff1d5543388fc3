export * from './settings/read-settings';
export * from './settings/setting-rules';
export * from './object-store';
export * from './ingestion';
export * from './query-tools';
export * from './knowledge';
export * from './agent';
export * from './catalog-metadata';
