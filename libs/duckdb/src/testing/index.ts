export * from './iceberg-test-env';
export * from './recording-proxy';
export * from './sigv4-check';
export * from './earlier-release-lake';
