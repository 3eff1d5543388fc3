import type { Command } from 'commander';
import { writeSampleData } from '@instalake/sample-data';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UsageError, type CommandModule } from './command-module';
import { describeIngestResults } from './ingest-output';
import { demoFinishers } from './demo-steps';

export const registerDemo: CommandModule = (program: Command, ctx) => {
  program
    .command('demo')
    .description(
      'The main job on the local default: generate sample scraper CSVs into uploads/, ingest them, sync the knowledge base and serve the API',
    )
    .option('--posts <n>', 'number of sample posts (100 .. 5000000)', '5000')
    .option('--seed <n>', 'random seed (same seed, same data)', '42')
    .option('--no-serve', 'stop after the data steps instead of starting the server')
    .option('--port <port>', 'port for the server (0: any free port)', '3000')
    .option('--host <host>', 'interface for the server', '127.0.0.1')
    .option('--json', 'print JSON results')
    .action(
      async (options: { posts: string; seed: string; serve: boolean; port: string; host: string; json?: boolean }) => {
        const posts = Number(options.posts);
        const seed = Number(options.seed);
        if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
        const staging = join(ctx.config.scratchDirectory, `sample-${process.pid}`);
        const files = await writeSampleData(staging, { posts, seed });
        for (const file of [files.restaurantsFile, files.postsFile]) {
          const ref = { bucket: ctx.config.rawBucket, key: `${ctx.config.uploadPrefix}${basename(file)}` };
          await ctx.objectStore.putFile(ref, file, 'text/csv');
        }
        await rm(staging, { recursive: true, force: true });
        const results = await (await ctx.ingestion()).ingestPendingUploads.execute(ctx.config.rawBucket);
        const summary: Record<string, unknown> = {
          sample: { posts: files.posts, restaurants: files.restaurants, seed },
          ingest: results,
        };
        if (!options.json) ctx.print(results, { text: () => describeIngestResults(results) });
        const input = {
          ctx,
          serve: options.serve,
          port: Number(options.port),
          host: options.host,
          json: !!options.json,
        };
        for (const step of demoFinishers) Object.assign(summary, await step(input));
        if (options.json) ctx.print(summary, { json: true });
      },
    );
};
