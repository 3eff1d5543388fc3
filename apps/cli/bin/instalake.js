#!/usr/bin/env node
// Entry point for `npx instalake`: rebuilds the bundle when sources changed, then runs it.
const { bundle, isStale, outfile } = require('../../../tools/scripts/bundle-cli.cjs');
if (isStale()) bundle();
const { run } = require(outfile);
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
