import { join } from 'node:path';

/** Every Lambda handler the stack deploys, by entry point (relative to the repository root). */
export const LAMBDA_ENTRY_POINTS = {
  ingest: 'apps/ingest-lambda/src/main.ts',
  lakeTables: 'apps/ingest-lambda/src/lake-tables.main.ts',
  tool: 'apps/tool-lambda/src/main.ts',
  proxy: 'apps/proxy-lambda/src/main.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRY_POINTS;

/**
 * Left to the runtime: DuckDB's API and its native binding come from the DuckDB layer (/opt/nodejs/node_modules).
 * The AWS SDK is bundled, so its version is the one the tests ran.
 */
export const LAMBDA_EXTERNAL_MODULES = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-linux-arm64',
];

/** The esbuild options of every function, in the shape of NodejsFunction's `bundling` props. */
export interface LambdaBundling {
  readonly target: 'node22';
  readonly format: 'cjs';
  readonly minify: true;
  readonly sourceMap: true;
  readonly keepNames: true;
  readonly tsconfig: string;
  readonly externalModules: string[];
}

/** The one definition: the CDK app deploys with it, the smoke tests bundle with it. */
export function lambdaBundling(repoRoot: string): LambdaBundling {
  return {
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourceMap: true,
    keepNames: true,
    tsconfig: join(repoRoot, 'tsconfig.base.json'),
    externalModules: [...LAMBDA_EXTERNAL_MODULES],
  };
}

/** A file a function ships next to its bundle (the handler finds it with `__dirname`). */
export interface FileBesideBundle {
  readonly source: string;
  readonly name: string;
}

/**
 * Files every function ships next to its bundle: the query worker, the script guarded SQL runs in (a separate
 * process under a memory cap; it needs nothing but @duckdb/node-api, which comes from the layer). The CDK app copies
 * them after bundling, the smoke tests too.
 */
export function filesBesideBundle(repoRoot: string): FileBesideBundle[] {
  return [
    {
      source: join(repoRoot, 'libs', 'duckdb', 'src', 'query', 'worker', 'query-worker.cjs'),
      name: 'query-worker.cjs',
    },
  ];
}

/** The esbuild command-line arguments NodejsFunction derives from those options (aws-lambda-nodejs bundling.ts). */
export function esbuildArgs(options: LambdaBundling, entry: string, outfile: string): string[] {
  return [
    '--bundle',
    entry,
    `--target=${options.target}`,
    '--platform=node',
    `--format=${options.format}`,
    `--outfile=${outfile}`,
    ...(options.minify ? ['--minify'] : []),
    ...(options.sourceMap ? ['--sourcemap'] : []),
    ...options.externalModules.map((m) => `--external:${m}`),
    ...(options.keepNames ? ['--keep-names'] : []),
    `--tsconfig=${options.tsconfig}`,
  ];
}
