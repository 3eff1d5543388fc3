// The README's test command: lint + typecheck + jest for every project through Nx, then one plain summary line
// ("N passed, N failed") built from each project's jest JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const reports = join(root, '.reports', 'jest');

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
};
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['lint', 'test'];
// Only a run of the test target owns the jest reports (a `npm test -- lint` must not wipe or count them).
const runsJest = targets.includes('test');
if (runsJest) {
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true }); // jest does not create the --outputFile folder
}
// Each project's lint checks its own formatting; files outside projects (root configs, scripts) are checked here.
const outside = ['tools/scripts', '.ci', '*.js', '*.mjs', '*.json'];
const prettier = targets.includes('lint')
  ? spawnSync('npx', ['--no-install', 'prettier', '--check', ...outside], { cwd: root, env, stdio: 'inherit' })
  : { status: 0 };
const nx = spawnSync(
  'npx',
  ['--no-install', 'nx', 'run-many', '-t', ...targets, '--parallel=2', '--outputStyle=stream'],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (runsJest && existsSync(reports)) {
  for (const file of readdirSync(reports).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(reports, file), 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
}
const status = (nx.status ?? 1) || (prettier.status ?? 1);
if (status !== 0 && failed === 0) failed = 1; // lint, typecheck or a crashed runner: never report green
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
