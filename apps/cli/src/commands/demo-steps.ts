import type { CliContext } from '../context';

export interface DemoStepInput {
  readonly ctx: CliContext;
  readonly serve: boolean;
  readonly port: number;
  readonly host: string;
  readonly json: boolean;
}

/** Steps after ingestion (knowledge sync, then the server), in order. Each returns what it adds to the JSON summary. */
export const demoFinishers: Array<(input: DemoStepInput) => Promise<Record<string, unknown>>> = [];
