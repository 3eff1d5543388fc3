export * from './local-object-store';
export * from './s3-object-store';
