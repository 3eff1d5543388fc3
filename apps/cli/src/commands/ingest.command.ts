import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import type { IngestFileResult } from '@instalake/ingestion';
import { UsageError, type CommandModule } from './command-module';
import { describeIngestResults, ingestExitCode } from './ingest-output';

async function csvFilesIn(path: string): Promise<string[]> {
  const s = await stat(path).catch(() => {
    throw new UsageError(`No such file or directory: ${path}`);
  });
  if (s.isFile()) return [path];
  const found: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) found.push(...(await csvFilesIn(full)));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) found.push(full);
  }
  return found;
}

export const registerIngest: CommandModule = (program: Command, ctx) => {
  program
    .command('ingest')
    .description(
      'Copy CSV files (or every *.csv in folders) into the raw bucket uploads/ and ingest them into the lake',
    )
    .argument('<paths...>', 'CSV files or folders')
    .option('--json', 'print one JSON result per file (an array)')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const { ingestCsvFile } = await ctx.ingestion();
      const results: IngestFileResult[] = [];
      for (const path of paths) {
        for (const file of await csvFilesIn(path)) {
          const ref = { bucket: ctx.config.rawBucket, key: `${ctx.config.uploadPrefix}${basename(file)}` };
          await ctx.objectStore.putFile(ref, file, 'text/csv');
          results.push(await ingestCsvFile.execute(ref));
        }
      }
      ctx.print(results, { json: options.json, text: () => describeIngestResults(results) });
      process.exitCode = ingestExitCode(results);
    });
};
