export * from './config';
export * from './ingest-handler';
export * from './events/decode-s3-key';
export * from './events/parse-ingest-event';
export * from './events/upload-notice';
export * from './events/lake-tables-request';
