import { join } from 'node:path';
import { bundleLambda as bundleAsDeployed, type LambdaName } from '@instalake/lambda-bundle';

/** What a Lambda entry point exports once bundled. */
export interface LambdaModule<E, R> {
  handler(event: E): Promise<R>;
  dispose(): Promise<void>;
}

/**
 * Bundles a handler exactly as the deploy does (the CDK app's esbuild options) into this project's git-ignored
 * dist/, where `@duckdb/node-api` resolves from the repo as it does from /opt/nodejs in Lambda.
 */
export function bundleLambda(name: LambdaName): string {
  return bundleAsDeployed(name, join(__dirname, '..', 'dist', name));
}

/**
 * A fresh instance of a bundle: its own module state, as in a new Lambda execution environment (cold start).
 * Two instances are two concurrent Lambda containers.
 */
export function coldStart<E, R>(bundle: string): LambdaModule<E, R> {
  let module: LambdaModule<E, R> | undefined;
  // One DuckDB binding for the process, as the layer is one copy: loading the native module again per instance
  // would leave one native handle behind each time.
  const duckdb = jest.requireActual('@duckdb/node-api');
  jest.isolateModules(() => {
    jest.doMock('@duckdb/node-api', () => duckdb);
    module = require(bundle) as LambdaModule<E, R>;
  });
  return module!;
}
