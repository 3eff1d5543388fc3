export * from './random';
export * from './catalog';
export * from './generate';
export * from './write-sample-data';
