import { compileProfile, type ProfilePlan } from '@instalake/semantic';
import type { Cell } from '../../api/query-response';
import { AnswerDraft, fmt, num, quoteData, str, count } from '../answer-draft';
import { type AnswerContext, methodNotes, type PlanAnswer, windowOf } from './answer-context';
import { followersText } from './rank-accounts-answer';

export async function profileAnswer(ctx: AnswerContext, plan: ProfilePlan): Promise<PlanAnswer> {
  const { sql } = compileProfile(plan, ctx.anchor);
  const row = (await ctx.sql.run(sql)).rows.find((r) => r.handle !== null && r.handle !== undefined);
  const draft = new AnswerDraft();
  const cite = draft.cite({ type: 'sql', title: `Profile and posts of @${plan.handle}`, detail: sql });
  if (!row) {
    draft.say(
      `@${plan.handle} has no restaurant profile and no posts in the lake ${cite}. Check the spelling of the handle (matched without "@", any case), or ingest a scrape that includes it.`,
    );
    methodNotes(draft, plan, ctx, { posts: 0 });
    return {
      answer: draft.build(0, ctx.freshness, { plan, assumptions: ctx.readings }),
      focus: { posts: [], accounts: [], hashtags: [] },
    };
  }
  const lakePosts = num(row.n_posts) ?? 0;
  const windowed = plan.filters.window.kind !== 'all';
  const where = windowed ? `in ${windowOf(plan.filters, ctx)}` : 'in the lake';
  const facts = [
    row.name ? `${row.name}` : undefined,
    row.city ? `in ${row.city}` : undefined,
    row.cuisine ? `${row.cuisine}` : undefined,
  ].filter(Boolean);
  draft.say(
    `@${row.handle}${facts.length ? ` (${facts.join(', ')})` : ''}: ${followersText(row)}, ${row.posts_count !== null && row.posts_count !== undefined ? `${count(num(row.posts_count), 'post')} on the profile` : 'no post count on the profile'}, ${count(lakePosts, 'post')} ${where} ${cite}.`,
  );
  const lines = [
    lakePosts
      ? `${windowed ? `From ${windowOf(plan.filters, ctx)}` : 'In the lake'}: ${count(lakePosts, 'post')} from ${row.first_post} to ${row.last_post}, averaging ${fmt(num(row.avg_likes))} likes, ${fmt(num(row.avg_comments))} comments and ${fmt(num(row.avg_engagement))} engagement per post${num(row.n_missing) ? ` (${fmt(num(row.n_missing))} with hidden likes left out)` : ''} ${cite}.`
      : `No posts of @${row.handle} are ${where} ${cite}.`,
    num(row.engagement_rate) !== null
      ? `Engagement rate: ${fmt(num(row.engagement_rate))}% (average engagement / followers x 100) ${cite}.`
      : undefined,
    str(row.top_hashtags)
      ? `Most used hashtags: ${String(row.top_hashtags)
          .split(' ')
          .map((t) => `#${t}`)
          .join(' ')} ${cite}.`
      : undefined,
    str(row.bio) ? `Bio (quoted data): ${quoteData(str(row.bio), 200)}.` : undefined,
    str(row.website) ? `Website as scraped (quoted data): ${quoteData(str(row.website), 120)}.` : undefined,
  ].filter((l): l is string => Boolean(l));
  draft.bullets(lines);
  draft.say(
    'The profile post count is what Instagram reports for the account; the lake holds only the posts scraped into it.',
  );
  draft.recommend([
    `Ask "how does @${row.handle} compare with its competitors?" to benchmark it.`,
    `Ask "top posts by @${row.handle}" to see what works for it.`,
  ]);
  draft.withTable(
    [
      'handle',
      'name',
      'city',
      'cuisine',
      'followers',
      'posts_count',
      'lake_posts',
      'avg_likes',
      'avg_engagement',
      'engagement_rate_pct',
    ],
    [
      [
        `@${row.handle}`,
        row.name,
        row.city,
        row.cuisine,
        row.followers,
        row.posts_count,
        lakePosts,
        row.avg_likes,
        row.avg_engagement,
        row.engagement_rate,
      ] as Cell[],
    ],
  );
  methodNotes(draft, plan, ctx, {
    posts: lakePosts,
    accounts: 1,
    missing: num(row.n_missing) ?? 0,
    measures: ['followers', 'posts_count', 'engagement'],
  });
  return {
    answer: draft.build(lakePosts, ctx.freshness, { plan, assumptions: ctx.readings }),
    focus: {
      posts: [],
      accounts: [String(row.handle)],
      hashtags: [],
      top: { kind: 'account', value: String(row.handle) },
    },
  };
}
