import { compilePostLookup, type SimilarPlan } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import type { KnowledgeHit } from '../../ports/knowledge-search';
import type { SqlRow } from '../../ports/sql-tool';
import { AnswerDraft, fmt, handleOf, instagramUrl, num, quoteData, str, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer } from './answer-context';
import { postLine } from './top-posts-answer';

/** Matches scoring below this share of the best one are not shown: they share words, not the look. */
export const RELEVANCE_CUTOFF = 0.25;
const CANDIDATES = 30;

export async function similarAnswer(ctx: AnswerContext, plan: SimilarPlan): Promise<PlanAnswer> {
  const draft = new AnswerDraft();
  const seeds = plan.seedPostIds ?? [];
  let searchText = plan.text;
  let seedRows: SqlRow[] = [];
  if (seeds.length) {
    const lookup = compilePostLookup(seeds, plan.filters, ctx.anchor);
    seedRows = (await ctx.sql.run(lookup.sql)).rows.filter((r) => r.post_id !== null && r.post_id !== undefined);
    searchText = seedRows
      .map((r) => [str(r.caption), str(r.image_description), str(r.hashtags)].filter(Boolean).join(' '))
      .join(' ')
      .replace(/\s+/g, ' ')
      .slice(0, 1000);
  }
  const city = plan.filters.cities?.[0];
  const raw: KnowledgeHit[] = searchText
    ? await ctx.knowledge.search(searchText, city ? { city } : {}, CANDIDATES)
    : [];
  const best = raw[0]?.score ?? 0;
  const hits = raw.filter((h) => best > 0 && h.score >= best * RELEVANCE_CUTOFF).slice(0, plan.limit);
  const kCite = draft.cite({
    type: 'knowledge',
    title: seeds.length
      ? `Knowledge search: posts like the ${seeds.length} posts shown before`
      : `Knowledge search: ${searchText}`.slice(0, 300),
    detail: searchText.slice(0, 500),
  });
  const lookup = compilePostLookup(
    hits.map((h) => h.postId),
    plan.filters,
    ctx.anchor,
  );
  const rows = (await ctx.sql.run(lookup.sql)).rows;
  const sCite = draft.cite({
    type: 'sql',
    title: 'Likes, comments and links of the matches, and the baseline',
    detail: lookup.sql,
  });
  const byId = new Map(
    rows.filter((r) => r.post_id !== null && r.post_id !== undefined).map((r) => [String(r.post_id), r]),
  );
  const found = hits
    .map((h) => ({ hit: h, row: byId.get(h.postId) }))
    .filter((x): x is { hit: KnowledgeHit; row: SqlRow } => Boolean(x.row));
  const baseAvg = num(rows[0]?.base_avg);
  const subject = seeds.length ? `the ${seedRows.length} posts shown before` : quoteData(searchText, 120);
  if (!found.length) {
    draft.say(
      `I found no posts like ${subject}${city ? ` in ${city}` : ''} ${kCite}. Try other words (a dish, a plating style, a mood) or drop the city.`,
    );
    draft.recommend([
      'Describe the look in 2-4 words, e.g. "rustic pasta plating".',
      'New uploads need a knowledge sync (instalake kb sync).',
    ]);
  } else {
    const fresh = found.filter((f) => !seeds.includes(f.hit.postId));
    draft.say(
      seeds.length
        ? `Posts most like ${subject}${city ? ` in ${city}` : ''}, by text and image-description relevance ${kCite}: ${found.length} close matches, ${fresh.length} of them new (not among the posts shown before).` +
            (fresh.length ? '' : ' No other post comes close: the next best match scores under a quarter of the best.')
        : `${found.length} posts like ${subject}${city ? ` in ${city}` : ''}, by text and image-description relevance ${kCite}.`,
    );
    draft.bullets(
      found.map(
        ({ hit, row }, i) =>
          `${postLine(draft, row, i + 1, { type: 'knowledge', ...(hit.uri ? { detail: hit.uri } : {}) })}${seeds.includes(hit.postId) ? ' (shown before)' : ''}`,
      ),
    );
    const engagements = found.map((f) => num(f.row.engagement)).filter((e): e is number => e !== null);
    const mean = engagements.length ? engagements.reduce((a, b) => a + b, 0) / engagements.length : null;
    draft.say(
      `Baseline: these matches average ${fmt(mean)} engagement against ${fmt(baseAvg)} for all ${count(num(rows[0]?.base_posts), 'post')} in scope ${sCite}.`,
    );
    const top = [...found].sort((a, b) => (num(b.row.engagement) ?? -1) - (num(a.row.engagement) ?? -1))[0];
    draft.recommend([
      `The strongest of them is ${handleOf(str(top.row.creator))}'s post ${instagramUrl(top.row.post_url) ?? top.hit.postId} (${fmt(num(top.row.engagement))} engagement): reuse its framing.`,
      'Ask "which of those got the most likes?" to rank them, or "show me similar ones" for more.',
    ]);
    draft.withTable(
      ['rank', 'post_id', 'creator', 'likes', 'comments', 'engagement', 'relevance', 'post_url'],
      found.map(
        ({ hit, row }, i) =>
          [
            i + 1,
            hit.postId,
            handleOf(str(row.creator)),
            row.likes,
            row.comments,
            row.engagement,
            hit.score,
            instagramUrl(row.post_url) ?? null,
          ] as Cell[],
      ),
    );
  }
  methodNotes(draft, plan, ctx, {
    posts: found.length,
    measures: ['engagement'],
    extra: `Relevance: knowledge-base search over captions, image descriptions and hashtags; matches scoring under ${RELEVANCE_CUTOFF * 100}% of the best are left out. Likes and comments come from the lake, not the index.`,
  });
  return {
    answer: draft.build(found.length, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: found.map((f) => f.hit.postId),
      accounts: [...new Set(found.map((f) => String(f.row.handle)))],
      hashtags: [],
    },
  };
}
