// `npm run build` (also run after `npm install`): bundles the CLI so `npx instalake` starts fast.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { bundle } = require('./bundle-cli.cjs');
const quiet = process.argv.includes('--quiet');
const out = bundle();
if (!quiet) console.log(`built ${out}`);
