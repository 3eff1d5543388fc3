/**
 * Agent evaluation benchmark (not a test): the development question set, end to end, as a user runs it. Generates
 * the evaluation lake with the set's own generator into a temporary folder, ingests it with the installed CLI,
 * syncs the knowledge base, serves the API and lets the set's runner ask every question and session over HTTP.
 *
 *   node tools/scripts/run-ts.mjs tools/bench/src/agent-eval.bench.ts [--eval-dir ../shared/agent-eval]
 *        [--questions questions.json] [--sessions sessions.json] [--today YYYY-MM-DD] [--report out.json] [--keep]
 *
 * --eval-dir defaults to ../shared/agent-eval next to the repository. --questions/--sessions swap in another set
 * over the same generator (paths relative to the eval dir or absolute). The agent follows AGENT and OPENAI_* from
 * the environment, as `instalake serve` does. Target: at least 45/50 questions and 17/18 session turns.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { benchArg } from './bench-args';

// Benchmarks run from the repository root (as the README shows), like the others.
const repo = process.cwd();
const cli = join(repo, 'apps', 'cli', 'bin', 'instalake.js');
/** --eval-dir, else `shared/agent-eval` beside the repository (or beside a folder above it, for worktrees). */
function defaultEvalDir(): string {
  for (let dir = resolve(repo, '..'); ; dir = resolve(dir, '..')) {
    const candidate = join(dir, 'shared', 'agent-eval');
    if (existsSync(candidate) || dir === resolve(dir, '..'))
      return existsSync(candidate) ? candidate : resolve(repo, '../shared/agent-eval');
  }
}
const evalDir = resolve(repo, benchArg('eval-dir', '') || defaultEvalDir());
const keep = process.argv.includes('--keep');
const today = benchArg('today', '');
const inEval = (file: string) => (isAbsolute(file) ? file : join(evalDir, file));

function fail(message: string): never {
  console.error(`agent-eval: ${message}`);
  process.exit(2);
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { cwd: repo, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0)
    fail(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr || result.stdout}`);
  return result.stdout;
}

async function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--json'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveUrl((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  return { child, url };
}

async function main(): Promise<void> {
  if (!existsSync(cli)) fail(`${cli} not found: run the benchmark from the repository root`);
  for (const file of ['make_eval_lake.py', 'run_eval.py']) {
    if (!existsSync(join(evalDir, file)))
      fail(`${join(evalDir, file)} not found: pass --eval-dir <folder of the evaluation set>`);
  }
  const work = mkdtempSync(join(tmpdir(), 'instalake-agent-eval-'));
  const env: NodeJS.ProcessEnv = { ...process.env, INSTALAKE_HOME: join(work, 'home') };
  const lake = join(work, 'lake');
  mkdirSync(join(work, 'home'), { recursive: true });
  try {
    const started = Date.now();
    console.log(
      run('python3', [join(evalDir, 'make_eval_lake.py'), lake, ...(today ? ['--today', today] : [])], env)
        .trim()
        .split('\n')[0],
    );
    const ingest = JSON.parse(
      run(
        process.execPath,
        [
          cli,
          'ingest',
          join(lake, 'post_results_eval.csv'),
          join(lake, 'instagram_restaurant_results_eval.csv'),
          '--json',
        ],
        env,
      ),
    ) as
      | { file: string; landed: number; rejected: number }[]
      | { results: { file: string; landed: number; rejected: number }[] };
    const files = Array.isArray(ingest) ? ingest : ingest.results;
    console.log(`ingested: ${files.map((f) => `${f.landed} landed, ${f.rejected} rejected`).join('; ')}`);
    run(process.execPath, [cli, 'kb', 'sync'], env);
    console.log(`lake ready in ${((Date.now() - started) / 1000).toFixed(1)} s (agent: ${env.AGENT ?? 'local'})`);

    const server = await serve(env);
    try {
      const report = benchArg('report', join(work, 'eval-report.json'));
      const args = [join(evalDir, 'run_eval.py'), '--port', new URL(server.url).port, '--report', report];
      const questions = benchArg('questions', '');
      const sessions = benchArg('sessions', '');
      if (questions) args.push('--questions', inEval(questions));
      if (sessions) args.push('--sessions', inEval(sessions));
      const asked = Date.now();
      const out = run('python3', args, env);
      process.stdout.write(out);
      const seconds = (Date.now() - asked) / 1000;
      const body = JSON.parse(readFileSync(report, 'utf8')) as {
        questions: { seconds: number }[];
        sessions: { turns: { seconds: number }[] }[];
      };
      const times = [
        ...body.questions.map((q) => q.seconds),
        ...body.sessions.flatMap((s) => s.turns.map((t) => t.seconds)),
      ].sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
      console.log(
        `answers: ${times.length} in ${seconds.toFixed(1)} s, p50 ${(p(0.5) * 1000).toFixed(0)} ms, p95 ${(p(0.95) * 1000).toFixed(0)} ms`,
      );
      if (benchArg('report', '')) console.log(`report: ${report}`);
    } finally {
      server.child.kill('SIGTERM');
    }
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

void main();
