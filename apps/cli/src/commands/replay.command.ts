import type { Command } from 'commander';
import type { CommandModule } from './command-module';
import { describeIngestResults, ingestExitCode } from './ingest-output';

export const registerReplay: CommandModule = (program: Command, ctx) => {
  program
    .command('replay')
    .description(
      'Send a (fixed) dead-letter file back through ingestion, e.g. dlq/post_results.3f2a9c1d0b7e.csv or dlq/post_results.3f2a9c1d0b7e.rejects.csv',
    )
    .argument('<dlqKey>', 'key of the dead-letter CSV in the raw bucket')
    .option('--json', 'print the JSON result')
    .action(async (key: string, options: { json?: boolean }) => {
      const { replayDeadLetter } = await ctx.ingestion();
      const result = await replayDeadLetter.execute(ctx.config.rawBucket, key);
      ctx.print([result], { json: options.json, text: () => describeIngestResults([result]) });
      process.exitCode = ingestExitCode([result]);
    });
};
