export * from './cities';
export * from './errors';
export * from './get-trends';
export * from './ports/trends-source';
