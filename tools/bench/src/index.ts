export * from './stats';
export * from './bench-args';
