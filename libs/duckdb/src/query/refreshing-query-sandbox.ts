import { statSync } from 'node:fs';
import type { ParsedSql } from '@instalake/query-guard';
import type { LocalCatalog } from '../catalogs/local-catalog';
import {
  DuckDbQuerySandbox,
  QuerySandbox,
  QuerySandboxOptions,
  SandboxQuery,
  SandboxRows,
} from './duckdb-query-sandbox';

export interface RefreshingSandboxOptions extends Omit<QuerySandboxOptions, 'catalog' | 'snapshotDirectory'> {
  readonly catalog: LocalCatalog;
  /** Where snapshot files are written (e.g. the OS temp directory). */
  readonly snapshotDirectory: string;
  /** How often a request may look at the lake file for changes (default 5 s). */
  readonly checkIntervalMs?: number;
  /** Reports a refresh that could not open the lake (e.g. an ingest holds its lock); the old snapshot keeps serving. */
  readonly onRefreshError?: (error: unknown) => void;
  readonly now?: () => number;
}

interface Generation {
  readonly sandbox: DuckDbQuerySandbox;
  readonly fingerprint: string;
  users: number;
  retired: boolean;
}

/**
 * A snapshot sandbox over a local lake file that follows the lake: when the file (or its WAL) changes, the next
 * request starts building a new snapshot (and its query workers) in the background and keeps answering from the
 * current one; once the new one is ready it takes over and the old one closes after its last query. `generation` changes with every
 * swap so result caches can key on it. The snapshot holds no lock on the lake, so ingestion runs while serving.
 */
export class RefreshingQuerySandbox implements QuerySandbox {
  private refreshing: Promise<boolean> | undefined;
  private lastCheck: number;
  private generationNumber = 1;
  private closed = false;

  private constructor(
    private current: Generation,
    private readonly options: RefreshingSandboxOptions,
  ) {
    this.lastCheck = this.now();
  }

  static async open(options: RefreshingSandboxOptions): Promise<RefreshingQuerySandbox> {
    const fingerprint = lakeFingerprint(options.catalog.databaseFile);
    const sandbox = await DuckDbQuerySandbox.open(options);
    return new RefreshingQuerySandbox({ sandbox, fingerprint, users: 0, retired: false }, options);
  }

  get source(): string {
    return this.current.sandbox.source;
  }

  /**
   * Bumped on every swap to a newer snapshot. Reading it counts as a request (result caches read it before
   * deciding not to query), so it also starts the periodic look at the lake.
   */
  get generation(): number {
    this.checkPeriodically();
    return this.generationNumber;
  }

  parse(sql: string): Promise<ParsedSql> {
    return this.use((sandbox) => sandbox.parse(sql));
  }

  query(query: SandboxQuery): Promise<SandboxRows> {
    return this.use((sandbox) => sandbox.query(query));
  }

  private async use<T>(work: (sandbox: DuckDbQuerySandbox) => Promise<T>): Promise<T> {
    this.checkPeriodically();
    const generation = this.current;
    generation.users++;
    try {
      return await work(generation.sandbox);
    } finally {
      generation.users--;
      if (generation.retired && generation.users === 0) generation.sandbox.close();
    }
  }

  /**
   * Rebuilds the snapshot if the lake changed since the current one was taken. Resolves true when a newer
   * snapshot took over; concurrent calls share one rebuild.
   */
  refresh(): Promise<boolean> {
    this.lastCheck = this.now();
    this.refreshing ??= this.rebuildIfChanged().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private checkPeriodically(): void {
    if (!this.closed && this.now() - this.lastCheck >= (this.options.checkIntervalMs ?? 5000)) void this.refresh();
  }

  close(): void {
    this.closed = true;
    this.retire(this.current);
  }

  private async rebuildIfChanged(): Promise<boolean> {
    const fingerprint = lakeFingerprint(this.options.catalog.databaseFile);
    if (fingerprint === this.current.fingerprint) return false;
    let sandbox: DuckDbQuerySandbox;
    try {
      sandbox = await DuckDbQuerySandbox.open(this.options);
    } catch (error) {
      this.options.onRefreshError?.(error);
      return false;
    }
    if (this.closed) {
      sandbox.close();
      return false;
    }
    const previous = this.current;
    this.current = { sandbox, fingerprint, users: 0, retired: false };
    this.generationNumber++;
    this.retire(previous);
    return true;
  }

  private retire(generation: Generation): void {
    generation.retired = true;
    if (generation.users === 0) generation.sandbox.close();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Size and modification time of the lake file and its WAL: any committed load changes one of them. */
function lakeFingerprint(file: string): string {
  return [file, `${file}.wal`]
    .map((f) => {
      try {
        const s = statSync(f);
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}
