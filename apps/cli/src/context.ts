import type { Ingestion } from '@instalake/composition';
import type { DuckDbLakeEngine } from '@instalake/duckdb';
import type { ObjectStore } from '@instalake/ingestion';
import type { CliConfig } from './config';
import { localObjectStore, openLocalIngestion } from './composition';

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
  ) {
    this.objectStore = localObjectStore(config);
  }

  /** The ingestion use cases on the lake engine; the first call opens the lake file for writing. */
  ingestion(): Promise<Ingestion> {
    this.writer ??= openLocalIngestion(this.config, this.objectStore).catch((error) => {
      this.writer = undefined; // nothing was opened, so nothing to close
      throw error;
    });
    return this.writer;
  }

  async engine(): Promise<DuckDbLakeEngine> {
    return (await this.ingestion()).engine;
  }

  print(value: unknown, options: PrintOptions = {}): void {
    if (options.json || !options.text) this.out(JSON.stringify(value, jsonReplacer, options.json ? 0 : 2));
    else this.out(options.text(value));
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
