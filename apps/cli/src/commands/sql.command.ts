import { type Command, InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { openQueryTools } from '@instalake/composition';
import { DEFAULT_MAX_ROWS, QueryRejectedError, type QueryResult } from '@instalake/query-guard';
import { EXIT } from '@instalake/transport';
import { localLake } from '../composition';
import { UsageError, type CommandModule } from './command-module';

/**
 * The statement from the argument, a file (`-f query.sql`) or stdin (`-`), as the DuckDB CLI takes it. SQL may start
 * with a `--` comment: commander would read that as an option, so unknown options reach here and only comments pass.
 */
async function statementFrom(sql: string | undefined, file: string | undefined): Promise<string> {
  if (file !== undefined && sql !== undefined)
    throw new UsageError('Give the SQL as an argument or with -f, not both.');
  if (file !== undefined)
    return readFile(file, 'utf8').catch(() => Promise.reject(new UsageError(`Cannot read ${file}.`)));
  if (sql === '-') return text(process.stdin);
  if (sql === undefined)
    throw new UsageError('Give one SELECT: instalake sql "SELECT ...", -f query.sql, or - for stdin.');
  if (/^-(?!-\s)/.test(sql)) throw new UsageError(`Unknown option ${sql.split(/\s/)[0]}: see instalake sql --help.`);
  return sql;
}

/** `instalake sql "<SELECT>"`: the agent's guarded SQL tool, locally (same guard, same masked sandbox). */
export const registerSql: CommandModule = (program: Command, ctx) => {
  program
    .command('sql')
    .description(
      'Run one read-only SELECT over posts and restaurants through the query guard (phones masked, 100-row cap)',
    )
    .argument('[sql]', 'e.g. "SELECT creator, sum(likes) FROM posts GROUP BY 1 ORDER BY 2 DESC LIMIT 5"; - reads stdin')
    .option('-f, --file <path>', 'read the SQL from a file')
    .option('--max-rows <n>', 'row cap, 1 to 100 (default 100)', parseMaxRows)
    .option('--json', 'print the result as JSON')
    .allowUnknownOption()
    .action(async (sql: string | undefined, options: { file?: string; json?: boolean; maxRows?: number }) => {
      const statement = await statementFrom(sql, options.file);
      const tools = await openQueryTools(localLake(ctx.config, { kind: 'live' }, ctx.whenLocked()));
      try {
        const result = await tools.guardSql.execute(statement, { maxRows: options.maxRows });
        ctx.print(result, { json: options.json, text: (v) => renderTable(v as QueryResult) });
      } catch (error) {
        if (!(error instanceof QueryRejectedError)) throw error;
        ctx.print(
          { error: { code: error.code, message: error.message } },
          { json: options.json, text: () => `refused [${error.code}]: ${error.message}` },
        );
        process.exitCode = EXIT.refusedQuery;
      } finally {
        tools.close();
      }
    });
};

function parseMaxRows(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > DEFAULT_MAX_ROWS)
    throw new InvalidArgumentError(`--max-rows takes a whole number from 1 to ${DEFAULT_MAX_ROWS}, not "${value}".`);
  return n;
}

function renderTable(result: QueryResult): string {
  const cells = [
    result.columns,
    ...result.data.map((row) =>
      row.map((v) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v))),
    ),
  ];
  const widths = result.columns.map((_, i) => Math.min(60, Math.max(...cells.map((r) => r[i].length))));
  const line = (r: string[]) =>
    r.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join(' | ');
  const rows = [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.slice(1).map(line)];
  return `${rows.join('\n')}\n(${result.row_count} row${result.row_count === 1 ? '' : 's'}${result.truncated ? ', truncated by the row cap' : ''}; source ${result.source})`;
}
