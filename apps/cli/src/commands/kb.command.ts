import { InvalidArgumentError, type Command } from 'commander';
import type { PostSearchAnswer, SyncKnowledgeDocuments, SyncReport } from '@instalake/knowledge';
import { localKnowledge } from '../composition';
import type { CliContext } from '../context';
import type { CommandModule } from './command-module';
import type { DemoStepInput } from './demo-steps';

/** SyncKnowledgeDocuments on the local default (the lake writer's engine, local buckets, local index). */
export async function localKnowledgeSync(ctx: CliContext): Promise<SyncKnowledgeDocuments> {
  return localKnowledge(ctx.config, ctx.objectStore).sync(await ctx.engine());
}

/** A demo finisher (see demo-steps.ts): syncs the knowledge base after ingestion. */
export async function knowledgeDemoStep({ ctx, json }: DemoStepInput): Promise<Record<string, unknown>> {
  const report = await (await localKnowledgeSync(ctx)).execute();
  if (!json) ctx.print(report, { text: () => describeSync(report) });
  return { knowledge: report };
}

export function describeSync(r: SyncReport): string {
  const ingestion =
    r.ingestion.status === 'STARTED'
      ? `ingestion ${r.ingestion.job.jobId} ${r.ingestion.job.status.toLowerCase()}${r.ingestion.job.documents !== undefined ? ` (${r.ingestion.job.documents} documents indexed)` : ''}`
      : r.ingestion.status === 'DEFERRED'
        ? `ingestion deferred: ${r.ingestion.reason}`
        : r.ingestion.status === 'SKIPPED'
          ? 'ingestion skipped'
          : 'nothing to ingest';
  return `Knowledge base: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged (${r.documents} documents) in ${r.durationMs} ms; ${ingestion}.`;
}

function describeSearch(answer: PostSearchAnswer): string {
  const filters = Object.entries(answer.filters).map(([k, v]) => `${k}=${v}`);
  const head = `${answer.results.length} post(s) for "${answer.query}"${filters.length ? ` (${filters.join(', ')})` : ''}, ranked by BM25+ relevance:`;
  const lines = answer.results.map((r, i) => {
    const m = r.metadata;
    const facts = [`@${m.creator}`, m.city, m.likes !== undefined ? `${m.likes} likes` : 'likes hidden', m.posted_date]
      .filter(Boolean)
      .join(' · ');
    return `${i + 1}. [${r.score}] ${r.post_id} ${facts}\n   ${r.snippet}${m.post_url ? `\n   ${m.post_url}` : ''}`;
  });
  return [head, ...lines].join('\n');
}

function wholeNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
      throw new InvalidArgumentError(`${flag} must be a whole number (got "${value}").`);
    return n;
  };
}

export const registerKb: CommandModule = (program: Command, ctx) => {
  const kb = program
    .command('kb')
    .description('Knowledge base over post documents: sync from the lake, search by meaning');

  kb.command('sync')
    .description(
      'Write new and changed posts as knowledge-base documents, delete documents of removed posts, then (re)index',
    )
    .option('--full', 'rewrite every document, ignoring the sync manifest')
    .option('--json', 'print the JSON result')
    .action(async (options: { full?: boolean; json?: boolean }) => {
      const report = await (await localKnowledgeSync(ctx)).execute({ full: options.full });
      ctx.print(report, { json: options.json, text: () => describeSync(report) });
    });

  kb.command('search')
    .description('Find posts similar to a description, e.g. kb search "rustic pasta plating" --city nyc')
    .argument('<text>', 'what the posts should be about')
    .option('--city <city>', 'only posts from this city (aliases such as NYC work)')
    .option('--creator <handle>', 'only posts by this account')
    .option(
      '--min-likes <n>',
      'only posts with at least this many likes (hidden likes never match)',
      wholeNumber('--min-likes'),
    )
    .option('--limit <k>', 'number of posts (1..50)', wholeNumber('--limit'), 10)
    .option('--json', 'print the JSON result')
    .action(
      async (
        text: string,
        options: { city?: string; creator?: string; minLikes?: number; limit: number; json?: boolean },
      ) => {
        const answer = await localKnowledge(ctx.config, ctx.objectStore).searchPosts.execute({
          text,
          city: options.city,
          creator: options.creator,
          minLikes: options.minLikes,
          limit: options.limit,
        });
        ctx.print(answer, { json: options.json, text: () => describeSearch(answer) });
      },
    );
};
