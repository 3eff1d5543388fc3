import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The worker script's file name: every artifact that runs guarded SQL ships it next to its bundle. */
export const QUERY_WORKER_FILE = 'query-worker.cjs';

/**
 * Address space a worker uses before any query: Node 20 reserves about 730 MB of virtual memory, DuckDB with its
 * threads and two malloc arenas (MALLOC_ARENA_MAX=2) brings it to about 850 MB (measured with /proc/self/status on
 * x64). The cap is this plus the memory a query may take.
 */
export const IDLE_ADDRESS_SPACE_MB = 1024;

/** Where the worker script is: next to this module in the sources, next to the bundle in an artifact. */
export function defaultQueryWorkerScript(): string {
  const script = join(__dirname, QUERY_WORKER_FILE);
  if (!existsSync(script)) {
    throw new Error(
      `The query worker ${script} is missing: an artifact that runs guarded SQL must ship ${QUERY_WORKER_FILE} ` +
        'next to its bundle (copy libs/duckdb/src/query/worker/query-worker.cjs).',
    );
  }
  return script;
}

/** Everything a worker needs, all of it plain data: the parent decides every statement. */
export interface QueryWorkerSpec {
  /** DuckDB instance options (memory_limit, threads, extension settings). */
  readonly config: Readonly<Record<string, string>>;
  /** Run once on start: attach, views, then the statements that disable external access and lock the settings. */
  readonly statements: readonly WorkerSetupStep[];
  /** Run on every new connection (USE ...). */
  readonly connectionStatements: readonly string[];
  /** Memory a worker may take beyond its idle footprint; the OS refuses allocations above it. Undefined: no cap. */
  readonly memoryCapMb?: number;
  /** Default: defaultQueryWorkerScript(). */
  readonly script?: string;
  /**
   * Command prefix the worker's Node runs under, inside the memory cap: an emulator (`qemu-aarch64 -L <sysroot>`,
   * where the kernel cannot run the binary itself) or a resource wrapper (`systemd-run --scope -p MemoryMax=...`).
   */
  readonly launcher?: readonly string[];
  /** How long start-up (spawn, attach, views) may take. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** After an interrupt at the deadline, how long the worker has to stop before it is killed. Default 1 s. */
  readonly killGraceMs?: number;
}

/**
 * A set-up step: a statement, or a query answering one VARCHAR[] cell of directories the worker then allows with
 * `SET allowed_directories` (an Iceberg lake's table prefixes, asked of its catalog before external access goes off).
 */
export type WorkerSetupStep = string | { readonly allowedDirectoriesFrom: string };

/** A value the worker binds to a `$n` parameter; `{ list }` becomes a LIST. */
export type WorkerParam = string | number | boolean | null | { readonly list: readonly string[] };

export interface WorkerQuery {
  readonly sql: string;
  readonly params?: readonly WorkerParam[];
  readonly timeoutMs: number;
  /** Rows (and, in a single row, cells) beyond about this many characters are not sent. */
  readonly maxBytes?: number;
}

export interface WorkerRows {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  /** True when the worker left rows out or cut values to stay under maxBytes. */
  readonly capped: boolean;
}

/** The query reached its deadline (the worker was interrupted, and killed if that did not stop it). */
export class WorkerTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The query ran longer than ${timeoutMs} ms.`);
    this.name = 'WorkerTimeoutError';
  }
}

/** DuckDB refused or failed the statement; the worker is fine. */
export class WorkerQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerQueryError';
  }
}

/** The worker process died (memory cap, signal, crash) or could not start. */
export class WorkerExitedError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'WorkerExitedError';
  }
}

type Outcome = { readonly rows: WorkerRows } | { readonly error: Error };

interface Pending {
  readonly id: number;
  /** Called exactly once, by the worker's answer or its exit. */
  readonly finish: (outcome: Outcome) => void;
}

const STDERR_TAIL = 4096;

/**
 * One worker process. It runs one query at a time (the pool queues the rest). At the deadline the query is answered
 * with WorkerTimeoutError and interrupted; a worker still running it `killGraceMs` later is killed. Until it has
 * stopped, the worker stays busy (see whenIdle).
 */
export class QueryWorkerProcess {
  private nextId = 1;
  private pending: Pending | undefined;
  private exited = false;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly exitListeners: (() => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly spec: QueryWorkerSpec,
    private readonly stderrTail: () => string,
    /** The worker's address space once set up (Linux): what IDLE_ADDRESS_SPACE_MB allows for. */
    readonly idleVmSizeKb: number | undefined,
  ) {
    child.on('message', (message) => this.onMessage(message as WorkerMessage));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    // A send racing the worker's death reports here; the exit handler answers the query.
    child.on('error', () => undefined);
  }

  static start(spec: QueryWorkerSpec): Promise<QueryWorkerProcess> {
    const script = spec.script ?? defaultQueryWorkerScript();
    const args = [...(spec.launcher ?? []), process.execPath, script, require.resolve('@duckdb/node-api')];
    const capKb = spec.memoryCapMb === undefined ? undefined : (IDLE_ADDRESS_SPACE_MB + spec.memoryCapMb) * 1024;
    // RLIMIT_AS through the shell's ulimit: Node cannot set it for itself, /bin/sh exists in every Linux image
    // (the Lambda runtime included, which may lack prlimit), and exec keeps the IPC channel and the pid.
    const [command, argv] =
      capKb !== undefined && process.platform !== 'win32'
        ? ['/bin/sh', ['-c', 'ulimit -v "$1" || exit 97; shift; exec "$@"', 'sh', String(capKb), ...args]]
        : [args[0], args.slice(1)];
    const child = spawn(command, argv, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: workerEnvironment(),
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
    const startTimeoutMs = spec.startTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const fail = (message: string) => {
        clearTimeout(timer);
        child.removeAllListeners('message');
        child.kill('SIGKILL');
        reject(new WorkerExitedError(`${message}${stderr ? `: ${lastLine(stderr)}` : ''}`, stderr));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        fail(`The query worker exited during start-up (${describeExit(code, signal, capKb !== undefined)})`);
      timer = setTimeout(() => fail(`The query worker did not start within ${startTimeoutMs} ms`), startTimeoutMs);
      child.once('exit', onExit);
      child.once('error', (error) => fail(`The query worker could not start (${error.message})`));
      child.on('message', function onSetup(message: WorkerMessage) {
        if (message.type === 'setup-failed') fail(message.message);
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('message', onSetup);
        resolve(new QueryWorkerProcess(child, spec, () => stderr, message.vmSizeKb));
      });
      child.send({
        type: 'setup',
        config: spec.config,
        statements: spec.statements,
        connectionStatements: spec.connectionStatements,
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Calls `listener` once the process has exited (at once if it has). */
  onExited(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  /** Resolves once the worker has no query running (answered, interrupted or exited). */
  whenIdle(): Promise<void> {
    if (!this.pending || this.exited) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  run(query: WorkerQuery): Promise<WorkerRows> {
    if (this.exited) return Promise.reject(new WorkerExitedError('The query worker has exited', this.stderrTail()));
    if (this.pending) return Promise.reject(new Error('QueryWorkerProcess runs one query at a time'));
    const id = this.nextId++;
    return new Promise<WorkerRows>((resolve, reject) => {
      let answered = false;
      const answer = (outcome: Outcome) => {
        if (answered) return;
        answered = true;
        if ('rows' in outcome) resolve(outcome.rows);
        else reject(outcome.error);
      };
      let killTimer: NodeJS.Timeout | undefined;
      const deadline = setTimeout(() => {
        answer({ error: new WorkerTimeoutError(query.timeoutMs) });
        this.post({ type: 'interrupt', id });
        killTimer = setTimeout(() => this.kill(), this.spec.killGraceMs ?? 1000);
      }, query.timeoutMs);
      this.pending = {
        id,
        finish: (outcome) => {
          clearTimeout(deadline);
          clearTimeout(killTimer);
          this.pending = undefined;
          answer(outcome);
          for (const waiter of this.idleWaiters.splice(0)) waiter();
        },
      };
      this.post({ type: 'query', id, sql: query.sql, params: query.params ?? [], maxBytes: query.maxBytes });
    });
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private post(message: Record<string, unknown>): void {
    if (this.child.connected) this.child.send(message);
  }

  private onMessage(message: WorkerMessage): void {
    const pending = this.pending;
    if (!pending || !('id' in message) || message.id !== pending.id) return;
    if (message.type === 'result') {
      pending.finish({ rows: { columns: message.columns, rows: message.rows, capped: message.capped } });
    } else if (message.type === 'error') {
      pending.finish({ error: new WorkerQueryError(message.message) });
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    const stderr = this.stderrTail();
    this.pending?.finish({
      error: new WorkerExitedError(
        `The query ended the query process (${describeExit(code, signal, this.spec.memoryCapMb !== undefined)})${stderr ? `: ${lastLine(stderr)}` : ''}`,
        stderr,
      ),
    });
    for (const waiter of this.idleWaiters.splice(0)) waiter();
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

type WorkerMessage =
  | { type: 'ready'; vmSizeKb?: number }
  | { type: 'setup-failed'; message: string }
  | { type: 'result'; id: number; columns: { name: string; type: string }[]; rows: unknown[][]; capped: boolean }
  | { type: 'error'; id: number; message: string };

function describeExit(code: number | null, signal: NodeJS.Signals | null, capped: boolean): string {
  const how = signal ? `killed by ${signal}` : `exit code ${code}`;
  return capped ? `${how}, under its memory cap` : how;
}

/** The line of a worker's stderr that says what went wrong: the first error or fatal line, else the last line. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /error|fatal|cannot|failed/i.test(l) && !/^at /.test(l)) ?? lines.pop() ?? '';
}

/**
 * The worker's environment: the parent's (catalog credentials come from it, e.g. the Lambda role's keys), without the
 * API token the worker never needs, and with two malloc arenas so the address-space cap stays predictable.
 */
function workerEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MALLOC_ARENA_MAX: '2' };
  delete env.INSTALAKE_API_TOKEN;
  return env;
}
