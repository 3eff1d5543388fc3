import type { Ingestion } from '@instalake/composition';
import { withLockWait, type DuckDbLakeEngine, type WhenLakeLocked } from '@instalake/duckdb';
import type { ObjectStore } from '@instalake/ingestion';
import type { CliConfig } from './config';
import { localObjectStore, openLocalIngestion } from './composition';
import { safeForTerminal, safeJson } from './terminal-text';

export interface PrintOptions {
  readonly json?: boolean;
  /** Human rendering; defaults to pretty JSON. */
  readonly text?: (value: unknown) => string;
}

/** What every command gets: config, the local buckets, the lake writer (opened on first use) and output helpers. */
export class CliContext {
  readonly objectStore: ObjectStore;
  private writer: Promise<Ingestion> | undefined;

  constructor(
    readonly config: CliConfig,
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    /** Notices that are not the command's output (waiting for the lake, answering from a snapshot). */
    readonly notice: (line: string) => void = (line) => process.stderr.write(`${safeForTerminal(line)}\n`),
  ) {
    this.objectStore = localObjectStore(config);
  }

  /**
   * The ingestion use cases on the lake engine; the first call opens the lake file for writing, waiting (and saying
   * so) up to INSTALAKE_LOCK_WAIT_MS while another command holds it.
   */
  ingestion(): Promise<Ingestion> {
    const open = () => openLocalIngestion(this.config, this.objectStore);
    this.writer ??= withLockWait(open, {
      timeoutMs: this.config.lockWaitMs,
      onWait: (holder, ms) => this.notice(lakeBusyMessage(holder, ms)),
    }).catch((error) => {
      this.writer = undefined; // nothing was opened, so nothing to close
      throw error;
    });
    return this.writer;
  }

  /**
   * How read-only commands (sql, trends, ask) behave while a writer holds the lake: they answer from the snapshot of
   * a running `serve`, else wait for the lake like writers do.
   */
  whenLocked(): WhenLakeLocked {
    return {
      snapshotDirectory: this.config.scratchDirectory,
      waitMs: this.config.lockWaitMs,
      onWait: (holder, ms) => this.notice(lakeBusyMessage(holder, ms)),
      onSnapshot: (_file, ageMs) =>
        this.notice(
          `The lake is being written; answering from the snapshot a running server took ${Math.round(ageMs / 1000)} s ago.`,
        ),
    };
  }

  async engine(): Promise<DuckDbLakeEngine> {
    return (await this.ingestion()).engine;
  }

  /** Everything a command prints goes through here: file names, headers and data never drive the terminal. */
  print(value: unknown, options: PrintOptions = {}): void {
    if (options.json || !options.text) this.out(safeJson(JSON.stringify(value, jsonReplacer, options.json ? 0 : 2)));
    else this.out(safeForTerminal(options.text(value)));
  }

  /** Releases the lake file if it was opened (idempotent): the read-only query sandbox can then open it. */
  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    (await writer?.catch(() => undefined))?.close();
  }
}

/** BigInt values become JSON-safe. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

export function lakeBusyMessage(holder: string | undefined, waitMs: number): string {
  return (
    `The lake is busy: ${holder ?? 'another process'} is using it. Waiting up to ${Math.round(waitMs / 1000)} s for it ` +
    '(Ctrl+C stops; INSTALAKE_LOCK_WAIT_MS sets the wait).'
  );
}
