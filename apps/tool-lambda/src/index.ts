export * from './config';
export * from './composition';
export * from './fit-body';
export * from './tool-handler';
