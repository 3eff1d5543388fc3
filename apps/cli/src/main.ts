import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { commands } from './commands';
import { loadCliConfig } from './config';
import { CliContext } from './context';

/** Builds the program; `run` executes it (bin/instalake.js calls run, so importing this module has no side effect). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('instalake')
    .description(
      'Instagram restaurant data lake: ingest scraper CSVs, query them, ask questions.\nEnvironment: INSTALAKE_HOME (default ./.instalake), INSTALAKE_RAW_BUCKET, DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program, ctx);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  let ctx: CliContext | undefined;
  const json = argv.includes('--json');
  try {
    ctx = new CliContext(loadCliConfig());
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const code = (error as { code?: string }).code ?? 'ERROR';
    const message = error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    else process.stderr.write(`error [${code}]: ${message}\n`);
    return Number((error as { exitCode?: number }).exitCode ?? 1);
  } finally {
    await ctx?.close();
  }
}
