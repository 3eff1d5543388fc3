// Packages the CLI: bundles it into apps/cli/dist/main.cjs with esbuild and copies the chat page's files into
// apps/cli/dist/web, where the bundle looks for them (apps/cli/src/web-root.ts). Also tells whether the package is
// older than its sources. Every file is written to a temporary name and renamed into place, so a CLI starting while
// another process rebuilds never reads a half-written bundle.
const {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const dist = join(root, 'apps', 'cli', 'dist');
const outfile = join(dist, 'main.cjs');
const webSource = join(root, 'apps', 'cli', 'src', 'web');
const webTarget = join(dist, 'web');
// Guarded SQL runs in worker processes started from this file, which must sit next to the bundle.
const queryWorkerSource = join(root, 'libs', 'duckdb', 'src', 'query', 'worker', 'query-worker.cjs');
const queryWorkerTarget = join(dist, 'query-worker.cjs');
const sourceRoots = ['apps', 'libs', 'tools'].map((d) => join(root, d));

/** The chat page as served: pages, scripts and styles; never tests or type declarations. */
const isWebFile = (name) => /\.(html|css|js|svg|png|ico)$/.test(name) && !/\.(spec|test|int)\./.test(name);

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|json|html|css|js|cjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of sourceRoots) if (existsSync(dir)) walk(dir);
  return newest;
}

function isStale() {
  return (
    !existsSync(outfile) ||
    !existsSync(join(webTarget, 'index.html')) ||
    !existsSync(queryWorkerTarget) ||
    statSync(outfile).mtimeMs < newestSourceMtime()
  );
}

function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function copyWebFiles() {
  mkdirSync(webTarget, { recursive: true });
  const wanted = readdirSync(webSource).filter(isWebFile);
  for (const name of wanted) {
    const temporary = join(webTarget, `.${name}.${process.pid}.tmp`);
    copyFileSync(join(webSource, name), temporary);
    renameSync(temporary, join(webTarget, name));
  }
  for (const name of readdirSync(webTarget))
    if (!wanted.includes(name) && !name.endsWith('.tmp')) rmSync(join(webTarget, name));
}

function bundle() {
  const result = require('esbuild').buildSync({
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
    write: false,
  });
  mkdirSync(dist, { recursive: true });
  // The web files first: the bundle's mtime is what isStale() compares, so it must be the last thing written.
  copyWebFiles();
  writeAtomically(queryWorkerTarget, readFileSync(queryWorkerSource));
  for (const file of result.outputFiles) if (file.path !== outfile) writeAtomically(file.path, file.contents);
  writeAtomically(outfile, result.outputFiles.find((file) => file.path === outfile).contents);
  return outfile;
}

module.exports = { bundle, isStale, outfile, webTarget };
