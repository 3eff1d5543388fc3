import { QueryWorkerProcess, QueryWorkerSpec, WorkerQuery, WorkerRows } from './query-worker-process';

export interface QueryWorkerPoolOptions {
  /** Worker processes, each running one query at a time. Default 1. */
  readonly size?: number;
  /** Told when a worker exited (killed at a deadline, memory cap, crash) and another is started in its place. */
  readonly onReplace?: (reason: string) => void;
}

interface Waiter {
  readonly resolve: (worker: QueryWorkerProcess) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Warm worker processes for guarded SQL. Queries queue for the next idle worker; a worker that was killed or died is
 * replaced, so a hostile query costs one process and a restart, never the server or the Lambda.
 */
export class QueryWorkerPool {
  private readonly workers = new Set<QueryWorkerProcess>();
  private readonly idle: QueryWorkerProcess[] = [];
  private readonly waiting: Waiter[] = [];
  private starting = 0;
  private closed = false;

  private constructor(
    private readonly spec: QueryWorkerSpec,
    private readonly options: QueryWorkerPoolOptions,
  ) {}

  /** Starts every worker; fails (and stops those started) when one cannot start, e.g. the lake cannot be attached. */
  static async open(spec: QueryWorkerSpec, options: QueryWorkerPoolOptions = {}): Promise<QueryWorkerPool> {
    const size = options.size ?? 1;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`query worker pool size must be >= 1, got ${size}`);
    const pool = new QueryWorkerPool(spec, options);
    const started = await Promise.allSettled(Array.from({ length: size }, () => QueryWorkerProcess.start(spec)));
    for (const s of started) if (s.status === 'fulfilled') pool.adopt(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      pool.close();
      throw failed.reason;
    }
    return pool;
  }

  async run(query: WorkerQuery): Promise<WorkerRows> {
    const worker = await this.acquire();
    try {
      return await worker.run(query);
    } finally {
      // A timed-out query keeps its worker busy until the interrupt lands or the worker is killed.
      void worker.whenIdle().then(() => this.release(worker));
    }
  }

  close(): void {
    this.closed = true;
    this.idle.length = 0;
    for (const worker of this.workers) worker.kill();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The query sandbox was closed.'));
  }

  private acquire(): Promise<QueryWorkerProcess> {
    if (this.closed) return Promise.reject(new Error('The query sandbox is closed.'));
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    // Every replacement failed earlier: try again for this query.
    if (this.workers.size + this.starting === 0) this.startOne();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private adopt(worker: QueryWorkerProcess): void {
    this.workers.add(worker);
    worker.onExited(() => this.replace(worker));
    this.release(worker);
  }

  private release(worker: QueryWorkerProcess): void {
    if (this.closed || !worker.alive || worker.busy) return;
    const next = this.waiting.shift();
    if (next) next.resolve(worker);
    else this.idle.push(worker);
  }

  private replace(worker: QueryWorkerProcess): void {
    if (!this.workers.delete(worker)) return;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.closed) return;
    this.options.onReplace?.('a query worker exited');
    this.startOne();
  }

  private startOne(): void {
    this.starting++;
    QueryWorkerProcess.start(this.spec).then(
      (worker) => {
        this.starting--;
        if (this.closed) worker.kill();
        else this.adopt(worker);
      },
      (error) => {
        this.starting--;
        // Nothing left that could serve the queue: fail the waiting queries instead of leaving them hanging.
        if (this.workers.size + this.starting === 0) for (const waiter of this.waiting.splice(0)) waiter.reject(error);
      },
    );
  }
}
