import type { Command } from 'commander';
import { openQueryTools } from '@instalake/composition';
import type { TrendsReport } from '@instalake/trends';
import { localLake } from '../composition';
import type { CommandModule } from './command-module';

/** `instalake trends --city NYC`: the agent's get_trends tool, locally. */
export const registerTrends: CommandModule = (program: Command, ctx) => {
  program
    .command('trends')
    .description('Trending hashtags and best content patterns of a city (engagement = likes + comments)')
    .requiredOption('--city <city>', 'city name or alias: NYC, New York, SF, LA, Chicago, Austin...')
    .option('--days <n>', 'window length in days (1-365)', '7')
    .option('--as-of <date>', 'last day of the window, YYYY-MM-DD (default today, UTC)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { city: string; days: string; asOf?: string; json?: boolean }) => {
      const tools = await openQueryTools(localLake(ctx.config, { kind: 'live' }, ctx.whenLocked()));
      try {
        const report = await tools.getTrends.execute({
          city: options.city,
          days: Number(options.days),
          asOf: options.asOf,
        });
        ctx.print(report, { json: options.json, text: (v) => renderTrends(v as TrendsReport) });
      } finally {
        tools.close();
      }
    });
};

function renderTrends(r: TrendsReport): string {
  const fmt = (n: number | null) => (n === null ? 'n/a' : String(n));
  const lines = [
    `${r.city} · ${r.window.from} to ${r.window.to} (${r.window.days} days) vs ${r.previousWindow.from} to ${r.previousWindow.to}`,
    `${r.dataPoints} posts from ${r.accounts} accounts (previous window ${r.previousDataPoints}); confidence ${r.confidence}` +
      `${r.hiddenLikesExcluded ? `; ${r.hiddenLikesExcluded} posts with hidden likes left out of averages` : ''}`,
    '',
    'Trending hashtags (posts · accounts · avg engagement · growth):',
    ...r.hashtags.map(
      (h) =>
        `  #${h.tag}  ${h.posts} · ${h.accounts} · ${fmt(h.avgEngagement)} · ${h.growthPct === null ? 'new' : `${h.growthPct}%`}`,
    ),
    '',
    'Best content patterns (score · posts · avg engagement):',
    ...r.patterns.map((p) => `  ${p.kind} = ${p.value}  ${fmt(p.score)} · ${p.posts} · ${fmt(p.avgEngagement)}`),
    '',
    `Engagement = ${r.definitions.engagement}.`,
  ];
  return lines.join('\n');
}
