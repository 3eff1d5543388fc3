// Runs a TypeScript entry point of this repo (benchmarks, scripts): bundles it with esbuild, then runs it with node.
// Usage: node tools/scripts/run-ts.mjs <entry.ts> [args...]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/scripts/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..', '..');
const outfile = join(root, '.reports', 'run-ts', `${basename(entry, '.ts')}.cjs`);
await build({
  entryPoints: [resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  tsconfig: join(root, 'tsconfig.base.json'),
  external: ['@duckdb/node-api', 'playwright-core', 'esbuild', 's3rver'],
  // Scripts load everything eagerly: with libs/composition's "sideEffects": false (which keeps DuckDB out of the
  // proxy Lambda), esbuild can skip initialising a lazily wrapped module that an entry reaches through
  // `export *` (evanw/esbuild#1490), and openQueryTools then finds GetTrends undefined.
  ignoreAnnotations: true,
  logLevel: 'error',
});
// Guarded SQL runs in worker processes started from this file, which must sit next to the bundle.
copyFileSync(
  join(root, 'libs', 'duckdb', 'src', 'query', 'worker', 'query-worker.cjs'),
  join(root, '.reports', 'run-ts', 'query-worker.cjs'),
);
const child = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
process.exit(child.status ?? 1);
