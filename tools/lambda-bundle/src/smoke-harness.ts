import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  esbuildArgs,
  filesBesideBundle,
  LAMBDA_ENTRY_POINTS,
  lambdaBundling,
  type LambdaName,
} from './lambda-bundling';

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Bundles one handler exactly as the deploy does (the CDK app's esbuild options) into `<dir>/index.js`, with the files
 * the deploy puts beside it.
 */
export function bundleLambda(name: LambdaName, dir: string): string {
  const outfile = join(dir, 'index.js');
  const entry = join(REPO_ROOT, LAMBDA_ENTRY_POINTS[name]);
  // esbuild's CLI (a native executable), not its JS API: the API's TextEncoder check fails inside jest's VM.
  execFileSync(
    join(REPO_ROOT, 'node_modules/esbuild/bin/esbuild'),
    [...esbuildArgs(lambdaBundling(REPO_ROOT), entry, outfile), '--log-level=error'],
    { cwd: REPO_ROOT, stdio: 'pipe' },
  );
  for (const file of filesBesideBundle(REPO_ROOT)) copyFileSync(file.source, join(dir, file.name));
  return outfile;
}

/** Makes DuckDB resolvable next to a bundle the way the Lambda layer does: node-api and this machine's binding only. */
export function addDuckDbLayer(dir: string): void {
  mkdirSync(join(dir, 'node_modules', '@duckdb'), { recursive: true });
  for (const pkg of ['node-api', 'node-bindings', `node-bindings-${process.platform}-${process.arch}`]) {
    symlinkSync(join(REPO_ROOT, 'node_modules/@duckdb', pkg), join(dir, 'node_modules', '@duckdb', pkg));
  }
}

export type Invocation =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { name: string; code?: string; message: string } };

export interface InvokeOptions {
  /** The whole environment of the function (nothing is inherited but PATH). */
  readonly env: Record<string, string>;
  /** What `context.getRemainingTimeInMillis()` starts at for each invocation (default 300 s). */
  readonly remainingMs?: number;
}

/**
 * Runs `handler(event, context)` of a bundle for each event, in order, in a plain Node process (as the Lambda
 * runtime would), then `dispose()`. The context carries a request id and the remaining time, like the runtime's.
 */
export async function invokeBundle(
  bundle: string,
  events: readonly unknown[],
  options: InvokeOptions,
): Promise<Invocation[]> {
  const dir = resolve(bundle, '..');
  const eventsFile = join(dir, `events-${process.pid}-${Date.now()}.json`);
  writeFileSync(eventsFile, JSON.stringify(events));
  const script = `const { handler, dispose } = require(${JSON.stringify(bundle)});
    const events = JSON.parse(require('fs').readFileSync(${JSON.stringify(eventsFile)}, 'utf8'));
    (async () => {
      const out = [];
      for (const [i, event] of events.entries()) {
        const deadline = Date.now() + ${options.remainingMs ?? 300_000};
        const context = { awsRequestId: 'smoke-' + i, functionName: 'smoke', functionVersion: '$LATEST',
          invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:smoke', memoryLimitInMB: '1024',
          logGroupName: '/aws/lambda/smoke', logStreamName: 'smoke', callbackWaitsForEmptyEventLoop: true,
          getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
        try { out.push({ ok: true, value: await handler(event, context) }); }
        catch (e) { out.push({ ok: false, error: { name: e.name, code: e.code, message: e.message } }); }
      }
      await dispose?.();
      process.stdout.write('RESULT ' + JSON.stringify(out) + '\\n');
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`the bundle printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length));
}
