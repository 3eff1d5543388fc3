import type { Command } from 'commander';
import { DuckDbQueryExecutor, DuckDbQuerySandbox, DuckDbSqlParser, LocalCatalog } from '@instalake/duckdb';
import { GuardSql, QueryRejectedError, type QueryResult } from '@instalake/query-guard';
import { EXIT, type CommandModule } from './command-module';

/** `instalake sql "<SELECT>"`: the agent's guarded SQL tool, locally (same guard, same masked sandbox). */
export const registerSql: CommandModule = (program: Command, ctx) => {
  program
    .command('sql')
    .description(
      'Run one read-only SELECT over posts and restaurants through the query guard (phones masked, 100-row cap)',
    )
    .argument('<sql>', 'e.g. "SELECT creator, sum(likes) FROM posts GROUP BY 1 ORDER BY 2 DESC LIMIT 5"')
    .option('--max-rows <n>', 'row cap (at most 100)', (v) => Number(v))
    .option('--json', 'print the result as JSON')
    .action(async (sql: string, options: { json?: boolean; maxRows?: number }) => {
      const sandbox = await DuckDbQuerySandbox.open({
        catalog: new LocalCatalog(ctx.config.lakeFile),
        memoryLimit: ctx.config.memoryLimit,
        threads: ctx.config.threads ?? 2,
      });
      try {
        const guard = new GuardSql(new DuckDbSqlParser(sandbox), new DuckDbQueryExecutor(sandbox));
        const result = await guard.execute(sql, { maxRows: options.maxRows });
        ctx.print(result, { json: options.json, text: (v) => renderTable(v as QueryResult) });
      } catch (error) {
        if (!(error instanceof QueryRejectedError)) throw error;
        ctx.print(
          { error: { code: error.code, message: error.message } },
          { json: options.json, text: () => `refused [${error.code}]: ${error.message}` },
        );
        process.exitCode = EXIT.refusedQuery;
      } finally {
        sandbox.close();
      }
    });
};

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
