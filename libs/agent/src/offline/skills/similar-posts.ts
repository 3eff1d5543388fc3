import type { Cell } from '../../api/query-response';
import type { KnowledgeHit } from '../../ports/knowledge-search';
import { AnswerDraft, fmt, handleOf, num, quoteData } from '../answer-draft';
import type { City } from '../cities';
import type { TurnContext } from '../session-store';
import { lookUpPosts } from './post-lookup';
import { cityNote, ENGAGEMENT_NOTE, type SkillContext, type SkillResult } from './skill-context';

const LIMIT = 10;

export async function similarToText(ctx: SkillContext, text: string, city: City | undefined): Promise<SkillResult> {
  const hits = await ctx.knowledge.search(text, city ? { city: city.name } : {}, LIMIT);
  return present(ctx, hits, { subject: `posts similar to ${quoteData(text, 200)}`, searchText: text, city });
}

/** "Show me similar ones": searches with the text of the posts the previous turn showed, excluding them. */
export async function similarToPrevious(ctx: SkillContext, previous: TurnContext): Promise<SkillResult> {
  const seeds = previous.posts.slice(0, 5);
  const searchText = seeds
    .map((p) => p.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 1000);
  const city = 'city' in previous.intent ? previous.intent.city : undefined;
  const hits = await ctx.knowledge.search(
    searchText,
    { ...(city ? { city: city.name } : {}), excludePostIds: previous.posts.map((p) => p.postId) },
    LIMIT,
  );
  return present(ctx, hits, {
    subject: `posts similar to the ${seeds.length} posts from your previous question (${seeds.map((s) => s.postId).join(', ')})`,
    searchText,
    city,
    exclude: previous.posts.map((p) => p.postId),
  });
}

async function present(
  ctx: SkillContext,
  rawHits: KnowledgeHit[],
  about: { subject: string; searchText: string; city?: City; exclude?: string[] },
): Promise<SkillResult> {
  const hits = rawHits.filter((h) => !about.exclude?.includes(h.postId));
  const draft = new AnswerDraft();
  const search = draft.cite({
    type: 'knowledge',
    title: `Knowledge search: ${about.subject}`.slice(0, 300),
    detail: about.searchText.slice(0, 500),
  });
  const lookup = await lookUpPosts(
    ctx,
    hits.map((h) => h.postId),
  );
  const sqlCite = draft.cite({
    type: 'sql',
    title: 'Likes, comments and URLs of the matching posts, and the lake-wide baseline',
    detail: lookup.sql,
  });
  const byId = new Map(lookup.rows.map((r) => [String(r.post_id), r]));
  const found = hits.map((h) => ({ hit: h, row: byId.get(h.postId) })).filter((x) => x.row);
  if (found.length === 0) {
    draft.say(
      `I found no ${about.subject}${about.city ? ` in ${about.city.short}` : ''} ${search}. Try other words (a dish, a plating style, a mood) or drop the city.`,
    );
    draft.recommend([
      'Describe the visual you want in 2-4 words, e.g. "rustic pasta plating".',
      'Ask for "top posts in <city>" first, then "show me similar ones".',
      'Check the data freshness below: new uploads need a knowledge sync.',
    ]);
  } else {
    const engagements = found.map((f) => num(f.row!.engagement)).filter((e): e is number => e !== null);
    const mean = engagements.length ? engagements.reduce((a, b) => a + b, 0) / engagements.length : null;
    draft.say(
      `${found.length} ${about.subject}${about.city ? ` in ${about.city.short}` : ''}, ranked by text relevance ${search}. ` +
        `They average ${fmt(mean)} engagement against ${fmt(lookup.baseline.avg)} for all ${fmt(lookup.baseline.posts)} posts in the lake ${sqlCite}.`,
    );
    draft.bullets(
      found.map(
        ({ hit, row }, i) =>
          `${i + 1}. ${handleOf(row!.creator as string)}: ${fmt(num(row!.likes))} likes, ${fmt(num(row!.comments))} comments (${row!.posted_date}) ${row!.post_url ?? ''} ${quoteData(row!.caption as string)} relevance ${fmt(hit.score)} ${draft.cite({ type: 'knowledge', title: `post ${hit.postId}`, ...(hit.uri ? { detail: hit.uri } : {}), ...(row!.post_url ? { uri: String(row!.post_url) } : {}) })}`,
      ),
    );
    const best = [...found].sort((a, b) => (num(b.row!.engagement) ?? -1) - (num(a.row!.engagement) ?? -1))[0];
    draft.recommend([
      `Start from ${handleOf(best.row!.creator as string)}'s post ${best.row!.post_url ?? best.hit.postId} (${fmt(num(best.row!.engagement))} engagement), the strongest of these matches.`,
      mean !== null && lookup.baseline.avg !== null && mean > lookup.baseline.avg
        ? `This style beats the lake average (${fmt(mean)} vs ${fmt(lookup.baseline.avg)}): worth a recurring slot in your calendar.`
        : `This style does not beat the lake average (${fmt(mean)} vs ${fmt(lookup.baseline.avg)}): test it, but pair it with a proven format.`,
      'Save these posts as a mood board and brief your photographer with the shared elements (light, props, angle).',
      'Reuse the hashtags these posts share, then check "trending hashtags this week" for what is rising.',
    ]);
    draft.withTable(
      ['rank', 'post_id', 'creator', 'posted_date', 'likes', 'comments', 'engagement', 'relevance', 'post_url'],
      found.map(
        ({ hit, row }, i) =>
          [
            i + 1,
            hit.postId,
            handleOf(row!.creator as string),
            row!.posted_date,
            row!.likes,
            row!.comments,
            row!.engagement,
            Number(hit.score.toFixed(3)),
            row!.post_url,
          ] as Cell[],
      ),
    );
  }
  draft.note(
    `${ENGAGEMENT_NOTE} Relevance ranks by text (caption, image description, hashtags); engagement numbers come from the lake.`,
  );
  draft.note(cityNote(about.city));
  draft.note('Window: all posts in the lake.');
  draft.note(`Sample: ${found.length} matching posts; baseline over ${lookup.baseline.posts} posts.`);
  return {
    answer: draft.build(found.length, ctx.freshness),
    context: {
      intent: { kind: 'similar-text', text: about.searchText.slice(0, 200), city: about.city },
      asOf: ctx.asOf,
      posts: found.map(({ hit, row }) => ({
        postId: hit.postId,
        text: [row!.caption, row!.image_description, row!.hashtags].filter(Boolean).join(' '),
      })),
    },
  };
}
