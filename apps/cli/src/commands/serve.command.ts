import type { Command } from 'commander';
import { HandleQueryApi, startServer, type RunningServer } from '@instalake/transport';
import { openCliAgent } from '../composition';
import type { CliContext } from '../context';
import { checkWebRoot } from '../web-root';
import { UsageError, type CommandModule } from './command-module';
import { safeJson } from '../terminal-text';
import { maskPhonesInText } from '@instalake/lake-schema';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** One JSON line per request and per tool failure; default stderr. Never receives the user's text. */
  readonly log?: (fields: Record<string, unknown>) => void;
  /** How often requests look for a newer lake (default 5 s). */
  readonly lakeCheckIntervalMs?: number;
  /** Host names besides the bound address that requests may use (a reverse proxy's). */
  readonly allowHosts?: readonly string[];
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
const firstLine = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

/**
 * Starts the query API and the chat page with the offline agent on the local lake; `instalake demo` calls this too,
 * so both get the port check, the chat page check, the bearer token from INSTALAKE_API_TOKEN and the warning for a
 * server opened without one.
 */
export async function serveLocal(
  ctx: CliContext,
  options: ServeOptions,
): Promise<RunningServer & { stop(): Promise<void> }> {
  const { port, host } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
  const webRoot = checkWebRoot();
  const { apiToken } = ctx.config;
  if (!apiToken && !LOOPBACK_HOSTS.includes(host)) {
    process.stderr.write(
      `warning: serving on ${host} without INSTALAKE_API_TOKEN: anyone who can reach it can query the lake.\n`,
    );
  }
  const log = options.log ?? logToStderr;
  // A long-lived server answers from a masked snapshot that follows new loads (ingest may run meanwhile).
  const local = await openCliAgent(ctx.config, ctx.objectStore, {
    snapshot: {
      checkIntervalMs: options.lakeCheckIntervalMs,
      onRefreshError: (error) =>
        log({
          level: 'warn',
          message: 'lake snapshot not refreshed, still serving the previous one',
          error: firstLine(error),
        }),
    },
    onToolError: (error, intent) =>
      log({ level: 'error', message: 'agent tool failed', intent, error: firstLine(error) }),
    onWorkerReplaced: (reason) => log({ level: 'warn', message: 'query worker replaced', reason }),
  });
  const api = new HandleQueryApi(local.agent, {
    bearerToken: apiToken,
    logger: {
      info: (message, f) => log({ level: 'info', message, ...f }),
      error: (message, f) => log({ level: 'error', message, ...f }),
    },
  });
  try {
    const running = await startServer({ api, host, port, webRoot, allowHosts: options.allowHosts });
    return {
      ...running,
      stop: async () => {
        await running.close();
        local.close();
      },
    };
  } catch (error) {
    local.close();
    throw error;
  }
}

/** Keeps the server up until Ctrl+C or SIGTERM, then stops it (the command's action must not return earlier). */
export function serveUntilStopped(running: { stop(): Promise<void> }): Promise<void> {
  return new Promise<void>((resolveStop) => {
    const stop = () => void running.stop().finally(resolveStop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** One JSON line; texts are masked (an error may quote a value) and cannot drive the terminal. */
function logToStderr(fields: Record<string, unknown>): void {
  const masked = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? maskPhonesInText(v) : v]),
  );
  process.stderr.write(`${safeJson(JSON.stringify({ time: new Date().toISOString(), ...masked }))}\n`);
}

export const registerServe: CommandModule = (program: Command, ctx) => {
  program
    .command('serve')
    .description(
      'Serve POST /api/query, GET /api/health and the chat page (offline agent on the local lake). Set INSTALAKE_API_TOKEN to require a bearer token.',
    )
    .option('--host <host>', 'interface to bind (use 0.0.0.0 only with INSTALAKE_API_TOKEN set)', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', '3000')
    .option(
      '--allow-host <name>',
      'a Host name requests may use besides the bound address (repeatable; others get 403, against DNS rebinding)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--json', 'print the URL as JSON')
    .action(async (options: { host: string; port: string; allowHost?: string[]; json?: boolean }) => {
      const running = await serveLocal(ctx, {
        host: options.host,
        port: Number(options.port),
        allowHosts: options.allowHost,
      });
      ctx.print(
        { url: running.url, auth: ctx.config.apiToken ? 'bearer' : 'none' },
        {
          json: options.json,
          text: () => `Instalake is serving ${running.url} (chat page at /, API at /api/query). Ctrl+C stops it.`,
        },
      );
      await serveUntilStopped(running);
    });
};
