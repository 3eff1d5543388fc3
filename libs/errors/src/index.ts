export * from './instalake-error';
export * from './config-error';
