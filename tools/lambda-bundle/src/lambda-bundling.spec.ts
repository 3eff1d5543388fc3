import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { esbuildArgs, LAMBDA_ENTRY_POINTS, lambdaBundling } from './lambda-bundling';

const REPO = resolve(__dirname, '../../..');

describe('the Lambda bundling options', () => {
  it('name an existing entry point for every deployed handler', () => {
    for (const entry of Object.values(LAMBDA_ENTRY_POINTS)) expect(existsSync(join(REPO, entry))).toBe(true);
  });

  it('become the esbuild arguments NodejsFunction passes: minified, source maps, names kept, DuckDB external', () => {
    expect(esbuildArgs(lambdaBundling('/repo'), '/repo/apps/x/src/main.ts', '/out/index.js')).toEqual([
      '--bundle',
      '/repo/apps/x/src/main.ts',
      '--target=node22',
      '--platform=node',
      '--format=cjs',
      '--outfile=/out/index.js',
      '--minify',
      '--sourcemap',
      '--external:@duckdb/node-api',
      '--external:@duckdb/node-bindings',
      '--external:@duckdb/node-bindings-linux-arm64',
      '--keep-names',
      '--tsconfig=/repo/tsconfig.base.json',
    ]);
  });
});
