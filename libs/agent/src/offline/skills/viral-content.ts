import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, handleOf, num, quoteData } from '../answer-draft';
import type { City } from '../cities';
import { lookUpPosts } from './post-lookup';
import { cityNote, ENGAGEMENT_NOTE, type SkillContext, type SkillResult } from './skill-context';

const CANDIDATES = 30;

/** "Viral X content": knowledge search for the topic, then the lake's numbers decide what is viral (top 10% of all posts). */
export async function viralContent(
  ctx: SkillContext,
  topic: string | undefined,
  city: City | undefined,
): Promise<SkillResult> {
  const draft = new AnswerDraft();
  const subject = topic ?? 'restaurant';
  const hits = await ctx.knowledge.search(subject, city ? { city: city.name } : {}, CANDIDATES);
  const kCite = draft.cite({ type: 'knowledge', title: `Knowledge search: ${subject} content`, detail: subject });
  const lookup = await lookUpPosts(
    ctx,
    hits.map((h) => h.postId),
  );
  const sCite = draft.cite({
    type: 'sql',
    title: 'Engagement of the matches and the lake-wide 90th percentile',
    detail: lookup.sql,
  });
  const p90 = lookup.baseline.p90;
  const byId = new Map(lookup.rows.map((r) => [String(r.post_id), r]));
  const matched = hits
    .map((h) => ({ hit: h, row: byId.get(h.postId) }))
    .filter((x) => x.row && num(x.row.engagement) !== null);
  const ranked = [...matched].sort(
    (a, b) => num(b.row!.engagement)! - num(a.row!.engagement)! || a.hit.postId.localeCompare(b.hit.postId),
  );
  const viral = ranked.filter((x) => p90 !== null && num(x.row!.engagement)! >= p90);
  const shown = (viral.length ? viral : ranked).slice(0, 10);
  if (shown.length === 0) {
    draft.say(
      `I found no ${subject} posts${city ? ` in ${city.short}` : ''} ${kCite}. Try another word for the dish or style.`,
    );
    draft.recommend([
      'Use a broader word (e.g. "dessert" rather than a specific cake).',
      'Drop the city filter.',
      'Ask "trending hashtags this week in <city>" to find what is hot.',
    ]);
  } else {
    draft.say(
      `${viral.length} of the ${matched.length} ${subject} posts the knowledge search found ${kCite} are viral by this lake's standard: at least ${fmt(p90)} engagement, the top 10% of all ${fmt(lookup.baseline.posts)} posts (average ${fmt(lookup.baseline.avg)}) ${sCite}.` +
        (viral.length ? '' : ` None reaches it, so here are the strongest ${subject} posts instead.`),
    );
    draft.bullets(
      shown.map(
        ({ hit, row }, i) =>
          `${i + 1}. ${handleOf(row!.creator as string)}: ${fmt(num(row!.engagement))} engagement (${fmt(num(row!.likes))} likes, ${fmt(num(row!.comments))} comments, ${fmt(num(row!.engagement)! / (lookup.baseline.avg || 1))}x average) ${row!.post_url ?? ''} ${quoteData(row!.caption as string)} ${draft.cite({ type: 'knowledge', title: `post ${hit.postId}`, ...(hit.uri ? { detail: hit.uri } : {}), ...(row!.post_url ? { uri: String(row!.post_url) } : {}) })}`,
      ),
    );
    const best = shown[0];
    draft.recommend([
      `Recreate the angle of ${handleOf(best.row!.creator as string)}'s post ${best.row!.post_url ?? best.hit.postId} (${fmt(num(best.row!.engagement))} engagement) with your own ${subject}.`,
      `Set ${fmt(p90)} engagement as the "viral" bar for your ${subject} posts and review what cleared it each month.`,
      `Reach out to ${[...new Set(shown.slice(0, 3).map((s) => handleOf(s.row!.creator as string)))].join(', ')} for collaborations: their audience already engages with ${subject}.`,
      `Ask "what makes ${subject} posts successful?" for the caption, hashtag and weekday patterns behind these.`,
    ]);
    draft.withTable(
      ['rank', 'post_id', 'creator', 'engagement', 'likes', 'comments', 'viral', 'post_url'],
      shown.map(
        ({ hit, row }, i) =>
          [
            i + 1,
            hit.postId,
            handleOf(row!.creator as string),
            row!.engagement,
            row!.likes,
            row!.comments,
            p90 !== null && num(row!.engagement)! >= p90,
            row!.post_url,
          ] as Cell[],
      ),
    );
    draft.withChart({
      kind: 'bar',
      title: `${subject}: engagement of the strongest posts`,
      labels: shown.map((s) => handleOf(s.row!.creator as string)),
      series: [{ name: 'engagement', values: shown.map((s) => num(s.row!.engagement)!) }],
    });
  }
  draft.note(`${ENGAGEMENT_NOTE} Viral = engagement at or above the 90th percentile of all posts in the lake.`);
  draft.note(
    topic
      ? `Topic: "${topic}", matched by text relevance over caption, image description and hashtags.`
      : 'Topic: none named, so restaurant content in general.',
  );
  draft.note(cityNote(city));
  draft.note('Window: all posts in the lake.');
  draft.note(
    `Sample: ${matched.length} matching posts with visible likes; baseline over ${lookup.baseline.posts} posts.`,
  );
  return {
    answer: draft.build(matched.length, ctx.freshness),
    context: {
      intent: { kind: 'viral-content', topic, city },
      asOf: ctx.asOf,
      posts: shown.map(({ hit, row }) => ({
        postId: hit.postId,
        text: [row!.caption, row!.image_description, row!.hashtags].filter(Boolean).join(' '),
      })),
    },
  };
}
