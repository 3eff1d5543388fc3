import type { Command } from 'commander';
import type { IngestFileResult } from '@instalake/ingestion';
import { UsageError, type CommandModule } from './command-module';

/** Longer than the pauses of scrapers that write a file in several bursts. */
const DEFAULT_SETTLE_MS = 5000;
import { describeIngestResults } from './ingest-output';

export const registerWatch: CommandModule = (program: Command, ctx) => {
  program
    .command('watch')
    .description('Local stand-in for the S3 trigger: ingest each new file in the raw bucket uploads/ once')
    .option('--interval <ms>', 'how often to look for new files', '1000')
    .option(
      '--settle <ms>',
      'ingest a file only once its size and modification time stayed the same this long (or write to a name not ending in .csv, .json, .jsonl or .ndjson and rename it when done)',
      String(DEFAULT_SETTLE_MS),
    )
    .option('--once', 'ingest what is pending and exit')
    .option('--json', 'print one JSON result per line')
    .action(async (options: { interval: string; settle: string; once?: boolean; json?: boolean }) => {
      const interval = Number(options.interval);
      if (!Number.isInteger(interval) || interval < 100)
        throw new UsageError('--interval must be a whole number of milliseconds >= 100');
      const settleMs = Number(options.settle);
      if (!Number.isInteger(settleMs) || settleMs < 0)
        throw new UsageError('--settle must be a whole number of milliseconds >= 0');
      const pending = (await ctx.ingestion()).ingestPendingUploads;
      const report = (results: IngestFileResult[]) => {
        for (const r of results) ctx.print(r, { json: options.json, text: () => describeIngestResults([r]) });
      };
      if (!options.json && !options.once) {
        ctx.notice(
          `Watching ${ctx.config.bucketsRoot}/${ctx.config.rawBucket}/${ctx.config.uploadPrefix} (Ctrl+C to stop)`,
        );
      }
      report(await pending.execute(ctx.config.rawBucket, { settleMs }));
      if (options.once) return;
      let stopped = false;
      const stop = () => (stopped = true);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!stopped) {
        await new Promise((r) => setTimeout(r, interval));
        if (!stopped) report(await pending.execute(ctx.config.rawBucket, { settleMs }));
      }
    });
};
