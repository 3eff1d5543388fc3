#!/usr/bin/env node
// Entry point for `npx instalake`: rebuilds the bundle when sources changed, then runs it.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the build script is workspace tooling, not a library
const { bundle, isStale, outfile } = require('../../../tools/scripts/bundle-cli.cjs');
if (isStale()) bundle();
const { run } = require(outfile);
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
