export * from './lambda-bundling';
export * from './smoke-harness';
