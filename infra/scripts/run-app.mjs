// Runs the CDK app (bin/app.ts) without a TypeScript runtime: esbuild compiles our code only; aws-cdk-lib,
// constructs and cdk-nag stay external because they locate their own assets through __dirname.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const infra = resolve(import.meta.dirname, '..');
const root = resolve(infra, '..');
const outfile = join(infra, 'cdk.out', '.app', 'app.cjs');
await build({
  entryPoints: [join(infra, 'bin', 'app.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  tsconfig: join(root, 'tsconfig.base.json'),
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag', 'esbuild'],
  define: { 'process.env.INSTALAKE_INFRA_ROOT': JSON.stringify(infra) },
  logLevel: 'error',
});
const child = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit', cwd: infra });
process.exit(child.status ?? 1);
