import { Command, CommanderError } from 'commander';
import { describeError, EXIT } from '@instalake/transport';
import { commands } from './commands';
import { loadCliConfig } from './config';
import { CliContext } from './context';
import { safeForTerminal, safeJson } from './terminal-text';

/** Builds the program; `run` executes it (bin/instalake.js calls run, so importing this module has no side effect). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('instalake')
    .description(
      'Instagram restaurant data lake: ingest scraper CSVs, query them, ask questions.\nEnvironment: INSTALAKE_HOME (default ./.instalake), INSTALAKE_RAW_BUCKET, DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS, INSTALAKE_API_TOKEN.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program, ctx);
  return program;
}

/** Runs one command; errors become `error [CODE]: message` (or JSON with --json) and the exit code ERROR_TABLE gives. */
export async function run(argv: string[]): Promise<number> {
  let ctx: CliContext | undefined;
  const json = argv.includes('--json');
  try {
    ctx = new CliContext(loadCliConfig());
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // A local user sees the whole message (paths, hints): there is no remote caller to hide internals from.
    const answer = describeError(error, '');
    const code = answer.expected ? answer.code : 'ERROR';
    if (json) process.stdout.write(`${safeJson(JSON.stringify({ error: { code, message: answer.detail } }))}\n`);
    else process.stderr.write(`${safeForTerminal(`error [${code}]: ${answer.detail}`)}\n`);
    return answer.exit;
  } finally {
    await ctx?.close();
  }
}
