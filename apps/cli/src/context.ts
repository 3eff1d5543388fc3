import type { Container, ServiceIdentifier } from 'inversify';
import type { DuckDbLakeEngine } from '@instalake/duckdb';
import type { CliConfig } from './config';
import { createContainer, LAKE_ENGINE } from './composition/container';

export interface PrintOptions {
  readonly json?: boolean;
  /** Human rendering; defaults to pretty JSON. */
  readonly text?: (value: unknown) => string;
}

/** What every command gets: config, the composition root, the shared lake engine and output helpers. */
export class CliContext {
  readonly container: Container;
  private engineOpened = false;

  constructor(
    readonly config: CliConfig,
    private readonly out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.container = createContainer(config);
  }

  async engine(): Promise<DuckDbLakeEngine> {
    this.engineOpened = true;
    return this.container.getAsync<DuckDbLakeEngine>(LAKE_ENGINE);
  }

  async get<T>(id: ServiceIdentifier<T>): Promise<T> {
    this.engineOpened = true;
    return this.container.getAsync<T>(id);
  }

  print(value: unknown, options: PrintOptions = {}): void {
    if (options.json || !options.text) this.out(JSON.stringify(value, jsonReplacer, options.json ? 0 : 2));
    else this.out(options.text(value));
  }

  /** Closes the lake engine (idempotent): the read-only query sandbox can then open the same file. */
  async close(): Promise<void> {
    if (!this.engineOpened) return;
    this.engineOpened = false;
    (await this.container.getAsync<DuckDbLakeEngine>(LAKE_ENGINE)).close();
  }
}

/** BigInt and Date values become JSON-safe. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}
