export * from './glue-catalog-metadata';
