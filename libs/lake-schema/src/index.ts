export * from './column';
export * from './tables';
export * from './csv-header';
export * from './file-layout';
export * from './schema-description';
export * from './catalog-metadata';
export * from './cities';
