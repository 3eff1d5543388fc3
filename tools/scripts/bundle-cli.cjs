// Bundles the CLI into apps/cli/dist/main.cjs with esbuild, and tells whether the bundle is older than its sources.
const { readdirSync, statSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const outfile = join(root, 'apps', 'cli', 'dist', 'main.cjs');
const sourceRoots = ['apps', 'libs', 'tools'].map((d) => join(root, d));

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json|html|css|js)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of sourceRoots) if (existsSync(dir)) walk(dir);
  return newest;
}

function isStale() {
  return !existsSync(outfile) || statSync(outfile).mtimeMs < newestSourceMtime();
}

function bundle() {
  require('esbuild').buildSync({
    entryPoints: [join(root, 'apps', 'cli', 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    tsconfig: join(root, 'apps', 'cli', 'tsconfig.json'),
    // Native binding and heavy optional tooling stay in node_modules.
    external: ['@duckdb/node-api', 'playwright-core', 'aws-cdk-lib', 'esbuild', 's3rver'],
    logLevel: 'error',
  });
  return outfile;
}

module.exports = { bundle, isStale, outfile };
