import type { CliContext } from '../context';
import { knowledgeDemoStep } from './kb.command';
import { serveLocal, serveUntilStopped } from './serve.command';

export interface DemoStepInput {
  readonly ctx: CliContext;
  readonly serve: boolean;
  readonly port: number;
  readonly host: string;
  readonly json: boolean;
}

/** Last demo step: release the writer, then serve the API and chat page until Ctrl+C. */
async function serveDemoStep({ ctx, serve, port, host, json }: DemoStepInput): Promise<Record<string, unknown>> {
  if (!serve) return {};
  await ctx.close();
  const running = await serveLocal(ctx, { host, port });
  const message = `Instalake is serving ${running.url} (chat page at /, API at POST /api/query). Ctrl+C stops it.`;
  if (json) ctx.print({ serving: running.url }, { json: true });
  else ctx.print(message, { text: () => message });
  await serveUntilStopped(running);
  return { served: running.url };
}

/** Steps after ingestion (knowledge sync, then the server), in order. Each returns what it adds to the JSON summary. */
export const demoFinishers: Array<(input: DemoStepInput) => Promise<Record<string, unknown>>> = [
  knowledgeDemoStep,
  serveDemoStep,
];
