export * from './iceberg-test-env';
export * from './catalog-proxy';
export * from './sigv4-check';
