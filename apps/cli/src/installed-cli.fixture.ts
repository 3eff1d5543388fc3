import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** What `npx instalake` runs: the bin script, which loads the esbuild bundle apps/cli/dist/main.cjs. */
export const INSTALLED_CLI = join(REPO_ROOT, 'apps', 'cli', 'bin', 'instalake.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcessOptions {
  /** INSTALAKE_HOME of the run (a fresh temp directory plays a fresh set-up). */
  readonly home: string;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  /** The command line to run instead of `node apps/cli/bin/instalake.js` (e.g. `npx instalake`). */
  readonly command?: readonly string[];
}

function spawnCli(args: readonly string[], options: CliProcessOptions) {
  const { INSTALAKE_API_TOKEN: _token, ...inherited } = process.env;
  const [file, ...prefix] = options.command ?? [process.execPath, INSTALLED_CLI];
  return spawn(file, [...prefix, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...inherited, INSTALAKE_HOME: options.home, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, like a command started in a terminal: Ctrl+C reaches npx and the CLI under it.
    detached: true,
  });
}

/** Runs the installed `instalake` in its own process to completion; `input` is written to its stdin. */
export function runInstalled(
  args: readonly string[],
  options: CliProcessOptions & { input?: string },
): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

export interface RunningCli {
  /** The URL the command printed ("Instalake is serving http://..." or the JSON `url`). */
  readonly url: string;
  output(): string;
  /**
   * Ctrl+C, as a user stops it (the signal goes to the whole process group); resolves with the exit code, or null
   * when the process ended by the signal (npx does: it re-raises SIGINT once its child has stopped).
   */
  stop(): Promise<number | null>;
}

/** Starts a long-running command (`serve`, `demo`) and resolves once it prints the URL it serves. */
export function startInstalled(
  args: readonly string[],
  options: CliProcessOptions & { timeoutMs?: number },
): Promise<RunningCli> {
  const child = spawnCli(args, options);
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`no URL printed within ${options.timeoutMs ?? 60_000} ms:\n${output.slice(-3000)}`));
    }, options.timeoutMs ?? 60_000);
    const look = (chunk: Buffer) => {
      output += chunk;
      const url =
        /serving (http:\/\/[^\s]+)/.exec(output)?.[1] ?? /"(?:url|serving)":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout.off('data', look);
      child.stdout.on('data', (more) => (output += more));
      resolveStart({
        url,
        output: () => output,
        stop: () => {
          process.kill(-child.pid!, 'SIGINT');
          return exited;
        },
      });
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`instalake exited (${code}) before serving:\n${output.slice(-3000)}`));
    });
  });
}
