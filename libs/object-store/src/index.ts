export * from './local-object-store';
