export * from './s3-notifications';
